"""`jixiao form check FILE` and `jixiao form list`: the form definitions, checked and listed.

A province's variant or a new form is a data file; `form check` runs on it the same
lint that refuses a form with a mistake when it loads (unknown keys, names that
resolve to nothing, wrong types), each problem with its line. Exit 0 when the form is
good, 2 when it cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tui.cli.exits import EXIT_CANNOT, EXIT_OK, CannotRun

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser("form", help="表单定义：检查表单文件（form check FILE），列出已安装的表单（form list）")
    actions = p.add_subparsers(dest="form_action", metavar="操作", required=True)
    check = actions.add_parser("check", help="检查表单定义文件：未知的键、不存在的名称、类型错误（带行号）")
    check.add_argument("file", help="表单定义文件（.toml）")
    actions.add_parser("list", help="列出已安装的表单及其名称")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from core.form import FormError, check_form_file, installed_forms

    if args.form_action == "list":
        for spec in installed_forms():
            mark = "（默认）" if spec.default else ""
            sys.stdout.write(f"{spec.id}\t{spec.name}{mark}\n")
        return EXIT_OK
    path = Path(args.file)
    if not path.is_file():
        raise CannotRun(f"{path}：文件不存在")
    try:
        problems = check_form_file(path)
    except FormError as exc:
        raise CannotRun(str(exc)) from None
    except UnicodeDecodeError:
        raise CannotRun(f"{path}：不是 UTF-8 编码的文本") from None
    if problems:
        for problem in problems:
            sys.stderr.write(problem + "\n")
        sys.stderr.write(f"表单定义有 {len(problems)} 处错误，不能使用\n")
        return EXIT_CANNOT
    sys.stderr.write(f"{path}：表单定义无误\n")
    return EXIT_OK
