"""`jixiao diff OLD NEW [--json]`: what a resubmitted report changed, for the reviewer.

Either file may be a data file, a Word report or a workbook (each read as `import`
reads it). The changes are told section by section in the form's words, then the
computed figures that moved (执行率, 总分, 等级), then the findings that appeared, went
away or changed their figures. Exit status as diff(1): 0 the same, 1 different, 2 cannot
run (a file that cannot be read, two reports of different forms).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

from tui.cli.common import print_json
from tui.cli.exits import CannotRun

__all__ = ["add_parser", "run", "diff_lines"]

_WHAT = {"changed": "", "added": "新增 ", "removed": "删除 "}
_FINDING = {"appeared": "新增", "gone": "消失", "changed": "变化"}
_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def add_parser(sub: Any) -> None:
    p = sub.add_parser("diff", help="比较同一报告的两个版本（数字、文字、指标行、检查结果的变化）")
    p.add_argument("old", metavar="OLD", help="原来的版本（.toml、.docx 或 .xlsx）")
    p.add_argument("new", metavar="NEW", help="新的版本")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(run=run)


def _load(name: str) -> tuple[Any, str | None]:
    """The report in a file of any kind, and how it was read (None for a data file)."""
    from exports.importing import IMPORTABLE, KINDS, import_file
    from tui.cli.common import load_report

    path = Path(name)
    if path.suffix.lower() not in IMPORTABLE:
        return load_report(name), None
    if not path.exists():
        raise CannotRun(f"{name}：文件不存在")
    result = import_file(path)
    if result.report is None or result.refused:
        raise CannotRun(result.refused or f"{name}：无法读取")
    how = (f"由 {KINDS.get(result.kind, result.kind)}导入：读取 {len(result.read)} 项，"
           f"未识别 {len(result.unmatched)} 处，缺少 {len(result.missing)} 项")
    return result.report, how


def diff_lines(diff: Any, spec: Any, old_name: str, new_name: str, notes: list[str],
               width: int = 80) -> list[str]:
    """The differences as lines of at most `width` cells, section by section."""
    from core.form import section_short
    from core.visible import visible
    from tui.cli.import_report import _cut, _packed

    lines = [_cut(f"比较 {old_name} → {new_name}", width)]
    lines += [_cut(f"  {note}", width) for note in notes]
    found = len(diff.findings)
    lines.append(_cut(f"  改动 {len(diff.changes)} 处；计算结果变动 {len(diff.figures)} 项；检查结果变化 {found} 项",
                      width))
    if diff.same:
        return lines + ["", "两个版本相同。"]
    sections = {section.id: section for section in spec.sections}
    current: str | None = "?"
    for change in diff.changes:
        if change.section != current:
            current = change.section
            section = sections.get(change.section)
            lines += ["", section.label if section is not None else "其他（表单中没有的键）"]
        label = change.label
        section = sections.get(change.section)
        if section is not None and label.startswith(section_short(section) + " · "):
            label = label[len(section_short(section)) + 3:]
        if change.what == "changed":
            text = f"  {label}：{change.old or '（空）'} → {change.new or '（空）'}"
        else:
            text = f"  {_WHAT[change.what]}{label}：{change.new if change.what == 'added' else change.old}"
        lines += _packed("", [visible(text, keep_newlines=False)], width)
    if diff.figures:
        lines += ["", "计算结果"]
        lines += [_cut(f"  {c.label}：{c.old} → {c.new}", width) for c in diff.figures]
    if diff.findings:
        lines += ["", "检查结果"]
        for item in diff.findings:
            word = f"  {_FINDING[item.what]} {_SEVERITY.get(item.finding.severity, item.finding.severity)}  "
            lines += _packed(word, [item.finding.message], width)
            if item.before is not None:
                lines += _packed("      原为：", [item.before.message], width)
    return lines


def _json(diff: Any, old_name: str, new_name: str) -> dict[str, Any]:
    def change(c: Any) -> dict[str, Any]:
        return {"path": c.path, "label": c.label, "what": c.what, "old": c.old, "new": c.new,
                "section": c.section}

    return {
        "old": old_name, "new": new_name, "same": diff.same,
        "changes": [change(c) for c in diff.changes],
        "figures": [change(c) for c in diff.figures],
        "findings": [{"what": f.what, **f.finding.as_json(),
                      "before": f.before.message if f.before is not None else None} for f in diff.findings],
    }


def run(args: argparse.Namespace) -> int:
    from core.diff import diff_reports

    old, old_how = _load(args.old)
    new, new_how = _load(args.new)
    if old.spec.id != new.spec.id:
        raise CannotRun(f"两份报告的表单不同：{args.old} 是“{old.spec.name}”，{args.new} 是“{new.spec.name}”")
    diff = diff_reports(old, new)
    if args.json:
        # bidi, C1 and separators escaped as `check --json` writes them: a pager prints none raw
        print_json(_json(diff, args.old, args.new))
    else:
        notes = [f"{name}：{how}" for name, how in ((args.old, old_how), (args.new, new_how)) if how]
        width = max(40, shutil.get_terminal_size((80, 24)).columns)
        sys.stdout.write("\n".join(diff_lines(diff, new.spec, args.old, args.new, notes, width)) + "\n")
    return 0 if diff.same else 1
