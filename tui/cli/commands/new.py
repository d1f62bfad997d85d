"""`jixiao new FILE`: a blank report, the built-in sample, or next year's from last year's.

The year is the form's: a year outside the bounds its year field sets (2000–2100 for
the Hunan form) is refused before anything is written.

`--form` picks the form (the installed ones and their Chinese titles are listed in
`jixiao new --help`); without it the default form is used, and `--from` keeps the form
of last year's report.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tui.cli.common import add_verbose, load_report, say
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
    add_verbose(p)
    p.set_defaults(run=run)


def _form(form_id: str | None) -> Any:
    from core.form import UnknownForm, installed_forms, load_form
    from tui.cli.terminal import shown as visible_id

    if form_id is None:
        return None
    try:
        return load_form(form_id)
    except UnknownForm:
        known = "、".join(f"{spec.id}（{spec.name}）" for spec in installed_forms())
        raise CannotRun(f"没有表单 {visible_id(form_id)}（已安装：{known}）") from None


def _check_year(spec: Any, year: int | None) -> None:
    """CannotRun when `year` lies outside the form's bounds for its year field."""
    from core.numbers import fmt_plain

    path = spec.role("year")
    field = spec.fields.get(path) if path else None
    if year is None or field is None:
        return
    low, high = field.min, field.max
    if (low is not None and year < low) or (high is not None and year > high):
        bounds = f"应在 {fmt_plain(low)} 至 {fmt_plain(high)} 之间" if low is not None and high is not None \
            else f"应不小于 {fmt_plain(low)}" if low is not None else f"应不大于 {fmt_plain(high)}"
        raise CannotRun(f"{field.label} {fmt_plain(year)} 超出范围（{bounds}），未创建")


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from core.form import UnknownForm
    from core.newreport import blank_report, default_form, next_year_report, sample_path
    from core.storage import SaveError, atomic_write_bytes, save
    from tui.cli.commands.export import check_output
    from tui.cli.terminal import shown

    target = Path(args.file)
    check_output(target)
    if target.exists():
        raise CannotRun(f"{shown(str(target))}：文件已存在，不会覆盖")
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
                raise CannotRun(f"表单 {shown((spec or default_form()).name)} 没有内置示例") from None
            atomic_write_bytes(target, source.read_bytes(), backup=False)
            message = f"已用内置示例创建 {target}"
        elif args.from_file:
            last = load_report(args.from_file)
            report = next_year_report(last)
            _check_year(report.spec, report.year)
            unit_path = report.spec.role("unit")
            if args.unit and unit_path:
                report.set(unit_path, args.unit)
            save(report, target)
            message = f"已根据 {args.from_file} 创建 {report.year} 年度报告 {target}"
        else:
            year = args.year if args.year is not None else dt.date.today().year - 1
            _check_year(spec or default_form(), year)
            report = blank_report(args.unit, year, spec.id if spec else None)
            save(report, target)
            message = f"已创建空白报告 {target}（{year} 年度，{report.spec.name}）"
    except SaveError as exc:
        raise CannotRun(str(exc.strerror or exc)) from None
    except OSError as exc:
        raise CannotRun(f"{shown(str(target))}：无法创建（{exc.strerror or exc}）") from None
    say(message)
    return EXIT_OK
