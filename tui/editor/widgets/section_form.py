"""The right-hand form of one section, generated from its entry in the form definition.

Each section `kind` (fields, text, records, basic_data, indicators, assessment) lays
out its paths with the labels and units the form gives; derived figures are read from
the latest `Evaluation` and shown dim beside the inputs; findings that belong to the
section but to no field on screen are listed at the end, so none is hidden.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from core.findings import Evaluation
from core.form import Section
from core.numbers import fmt_money, fmt_percent, fmt_score
from core.report import Report
from tui.editor.widgets.fields import FieldRow, finding_text

__all__ = ["SectionForm", "required_progress"]

LONG_KINDS = ("text", "basic_data")


def required_progress(report: Report, section: Section) -> tuple[int, int]:
    """How many of the section's required keys hold something (for 第 n/N 节 · 必填)."""
    keys = list(section.required)
    filled = sum(1 for key in keys if report.get(key) not in (None, "", [], {}))
    return filled, len(keys)


def format_computed(kind: str, value: Any) -> str:
    if kind == "percent":
        return fmt_percent(value)
    if kind == "score":
        return fmt_score(value)
    return fmt_money(value)


class SectionForm(Vertical):
    """One section's inputs; rebuilt when the section changes, refreshed on every commit.

    Filled in by the App's refresh_figures, which show_section runs on every form it
    shows (before the first frame), so a new form is not refreshed twice on mount.
    """

    def __init__(self, report: Report, section: Section, position: int, count: int) -> None:
        super().__init__(id="section-form")
        self.report = report
        self.section = section
        self.position = position
        self.count = count

    def _field(self, path: str) -> Widget:
        spec = self.report.spec.fields[path]
        value = self.report.get(path)
        if spec.type == "textlist":
            from tui.editor.widgets.records import RecordList

            numbering = next((sub.get("numbering") for sub in self.section.subsections
                              if sub.get("field") == path), None)
            return RecordList(path, spec.label, spec.label, None, numbering=numbering or "{n}")
        long = spec.type == "text" and (self.section.kind in LONG_KINDS or path.endswith("_note"))
        unit = spec.unit or (self.report.spec.profile.get("currency") if spec.type == "money" else None)
        return FieldRow(path, spec.label, spec.type, value, unit=unit, long=long, help=spec.help)

    def _is_long(self, path: str) -> bool:
        spec = self.report.spec.fields[path]
        return spec.type in ("text", "textlist") and (
            self.section.kind in LONG_KINDS or bool(self.section.grid_ids) or path.endswith("_note")
            or spec.type == "textlist")

    def compose(self) -> ComposeResult:
        section, spec = self.section, self.report.spec
        filled, required = required_progress(self.report, section)
        progress = f"第 {self.position}/{self.count} 节"
        if required:
            progress += f" · 必填 {filled}/{required}"
        yield Label(section.label, classes="section-title")
        yield Static(progress, id="progress", classes="progress")
        kind = section.kind
        # widgets imported per kind: the first screen (封面) needs none of them
        if kind == "indicators":
            from tui.editor.widgets.indicators import IndicatorPanel

            yield IndicatorPanel(spec)
        elif kind == "records" and section.list_id:
            from tui.editor.widgets.records import RecordList

            table = spec.lists[section.list_id]
            yield RecordList(table.path, table.label, table.row_label, table.columns,
                             numbering="（{n}）")
        fields = [path for path in section.fields if path in spec.fields]
        if kind not in ("indicators", "records"):
            for path in fields:
                if not self._is_long(path):
                    row = self._field(path)
                    yield row
                    if isinstance(row, FieldRow) and (message := row.composed_message()):
                        yield message
        if section.derived:
            yield Static("", id="derived", classes="derived")
        if kind not in ("indicators", "records") and not section.grid_ids:
            for path in fields:
                if self._is_long(path):
                    yield self._field(path)
        if section.grid_ids:
            from tui.editor.widgets.costs import CostsGrid
            from tui.editor.widgets.records import RecordList

            for grid_id in section.grid_ids:
                yield CostsGrid(spec, spec.grids[grid_id], self.report.data)
            for table_id in section.list_ids:
                table = spec.lists[table_id]
                yield RecordList(table.path, table.label, table.row_label, table.columns)
            for path in fields:
                if self._is_long(path):
                    yield self._field(path)
            if section.note:
                yield Static(section.note, classes="hint")
        if kind == "assessment":
            yield Static("", id="assessment", classes="derived")
        if section.generated:
            yield Static("", id="generated", classes="generated")
        # #other-findings is mounted (last) by refresh_figures, only when there is one to show

    def refresh_figures(self, evaluation: Evaluation) -> None:
        """Every figure and message on screen from this evaluation, in one pass."""
        self.report = self.app.session.report  # type: ignore[attr-defined]
        shown: set[str] = set()
        for field in self.query(FieldRow):
            field.show_messages(evaluation)
            shown.add(field.path)
        for grid in self.query("CostsGrid"):
            grid.refresh_figures(evaluation)
            shown.update(self.costs_paths())
        for panel in self.query("IndicatorPanel"):
            panel.refresh_figures(evaluation)
        spec = self.report.spec
        if self.section.derived:
            parts = []
            for computed in spec.computed:
                if computed.id in self.section.derived:
                    parts.append(f"{computed.label} {format_computed(computed.format, evaluation.values.get(computed.id))}")
            self.query_one("#derived", Static).update(Text("  ".join(parts), style="dim"))
        if self.section.kind == "assessment":
            lines = [f"{item.group} · {item.item}：{fmt_score(item.score) if item.score is not None else '待评'}"
                     f"/{fmt_score(item.max)}" for item in evaluation.assessment]
            lines.append(f"合计 {fmt_score(evaluation.assessment_total)}"
                         + ("（部分待评）" if evaluation.assessment_partial else ""))
            self.query_one("#assessment", Static).update(Text("\n".join(lines), style="dim"))
        if self.section.generated:
            self.query_one("#generated", Static).update(self.generated_text(evaluation))
        scored = spec.scored_list
        indicator_prefix = scored.path if scored is not None and self.section.kind == "indicators" else None
        other = [f for f in evaluation.findings_in(self.section.id)
                 if f.path not in shown and not (indicator_prefix and f.path.startswith(indicator_prefix))]
        boxes = self.query("#other-findings")
        if boxes or other:
            box = boxes.first() if boxes else Static("", id="other-findings", classes="message")
            box.update(finding_text(other))
            box.display = bool(other)
            if not boxes:
                self.mount(box)
        progress = self.query_one("#progress", Static)
        filled, required = required_progress(self.report, self.section)
        text = f"第 {self.position}/{self.count} 节"
        progress.update(text + (f" · 必填 {filled}/{required}" if required else ""))

    def costs_paths(self) -> set[str]:
        from tui.editor.widgets.costs import CostLine

        return {path for line in self.query(CostLine) for path in line.paths}

    def generated_text(self, evaluation: Evaluation) -> Text:
        from core.text import subsection_sentences

        sentences = [s for sub in self.section.subsections
                     for s in subsection_sentences(self.report, evaluation, sub)]
        return Text("生成的正文：" + "".join(sentences), style="dim") if sentences else Text("")
