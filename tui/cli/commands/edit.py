"""`jixiao edit FILE` and `jixiao demo`: the two commands that open the editor.

textual is imported only inside `run`, through tui.editor, so `jixiao check` on a
server never pays for it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tui.cli.common import refusal
from tui.cli.exits import EXIT_OK, CannotRun

__all__ = ["add_parser", "run", "run_demo", "DEMO_FILE"]

DEMO_FILE = "jixiao-demo.toml"


def add_parser(sub: Any) -> None:
    p = sub.add_parser("edit", help="在终端界面中逐节填写、检查报告（文件不存在则新建）")
    p.add_argument("file", help="报告文件（.toml）")
    p.set_defaults(run=run, long_running=True)
    p = sub.add_parser("demo", help=f"用内置示例打开编辑界面（复制为 ./{DEMO_FILE}）")
    p.set_defaults(run=run_demo, long_running=True)


def run_editor(path: Path) -> int:
    from core.report import ReportError
    from tui.cli.terminal import shown
    from tui.editor.app import JixiaoApp
    from tui.editor.session import Session

    session = None
    if path.exists():
        try:
            session = Session.open(path)
        except ReportError as exc:
            raise refusal(exc) from None
    elif not path.parent.exists():
        raise CannotRun(f"{shown(str(path))}：文件夹不存在")
    app = JixiaoApp(session, path)
    app.run()
    if app.return_code:
        # Textual has printed the error above; what was unsaved went to the recovery file
        # (JixiaoApp._handle_exception), which the next `jixiao edit` offers back
        raise CannotRun(f"编辑器出错退出：{shown(str(path))} 中未保存的修改（如有）已写入恢复文件，再次打开时可以恢复")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    return run_editor(Path(args.file))


def run_demo(args: argparse.Namespace) -> int:
    from core.newreport import sample_path

    target = Path(DEMO_FILE)
    if not target.exists():
        import shutil

        shutil.copyfile(sample_path(), target)
    return run_editor(target)
