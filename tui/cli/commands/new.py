"""`jixiao new FILE`: a blank report, the built-in sample, or next year's from last year's.

`--form` picks the form (the installed ones and their Chinese titles are listed in
`jixiao new --help`); without it the default form is used, and `--from` keeps the form
of last year's report.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tui.cli.common import load_report
from tui.cli.exits import EXIT_OK, CannotRun

__all__ = ["add_parser", "run"]


def _forms_help() -> str:
    """The --form help, listing every installed form: read only when help is shown (forms cost to load)."""
    from core.form import FormError, installed_forms

    try:
        forms = installed_forms()
    except FormError:
        forms = []
    listed = "\n".join(f"  {spec.id}  {spec.name}" + ("（默认）" if spec.default else "") for spec in forms)
    return ("用哪种表单（已安装的表单）：\n" + (listed or "  （未找到表单）")).replace("%", "%%")


class _FormOption(argparse.Action):
    """`--form ID`, whose help names the installed forms only when help is printed."""

    @property
    def help(self) -> str:
        return _forms_help()

    @help.setter
    def help(self, value: str | None) -> None:
        pass  # argparse assigns the static help; the property computes it

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        setattr(namespace, self.dest, values)


def add_parser(sub: Any) -> None:
    p = sub.add_parser("new", help="新建报告：空白、内置示例，或由上年报告结转",
                       formatter_class=argparse.RawTextHelpFormatter)  # one installed form a line
    p.add_argument("file", help="要创建的报告文件（.toml），已存在则不覆盖")
    p.add_argument("--form", action=_FormOption, metavar="FORM", help="")
    p.add_argument("--unit", help="单位（填入表单的单位一栏）")
    p.add_argument("--year", type=int, help="年度（默认为上一年）")
    p.add_argument("--sample", action="store_true", help="复制表单的内置示例报告")
    p.add_argument("--from", dest="from_file", metavar="LAST.toml", help="由上年报告结转（沿用其表单）")
    p.set_defaults(run=run)


def _form(form_id: str | None) -> Any:
    from core.form import UnknownForm, installed_forms, load_form

    if form_id is None:
        return None
    try:
        return load_form(form_id)
    except UnknownForm:
        known = "、".join(f"{spec.id}（{spec.name}）" for spec in installed_forms())
        raise CannotRun(f"没有表单 {form_id}（已安装：{known}）") from None


def run(args: argparse.Namespace) -> int:
    import datetime as dt
    import shutil

    from core.form import UnknownForm
    from core.newreport import blank_report, next_year_report, sample_path
    from core.storage import SaveError, save

    target = Path(args.file)
    if target.exists():
        raise CannotRun(f"{target}：文件已存在，不会覆盖")
    if args.sample and args.from_file:
        raise CannotRun("--sample 与 --from 只能选一个")
    if args.form and args.from_file:
        raise CannotRun("--from 沿用上年报告的表单，不能再用 --form")
    spec = _form(args.form)
    try:
        if args.sample:
            try:
                source = sample_path(spec)
            except UnknownForm:
                raise CannotRun(f"表单 {args.form} 没有内置示例") from None
            shutil.copyfile(source, target)
            message = f"已用内置示例创建 {target}"
        elif args.from_file:
            last = load_report(args.from_file)
            report = next_year_report(last)
            unit_path = report.spec.role("unit")
            if args.unit and unit_path:
                report.set(unit_path, args.unit)
            save(report, target)
            message = f"已根据 {args.from_file} 创建 {report.year} 年度报告 {target}"
        else:
            year = args.year or dt.date.today().year - 1
            report = blank_report(args.unit, year, spec.id if spec else None)
            save(report, target)
            message = f"已创建空白报告 {target}（{year} 年度，{report.spec.name}）"
    except (SaveError, OSError) as exc:
        raise CannotRun(f"{target}：无法创建（{exc.strerror or exc}）") from None
    sys.stderr.write(message + "\n")
    return EXIT_OK
