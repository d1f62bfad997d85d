"""Sections of fields (封面, 二, 附件1 …): whatever the section declares, in the form's order.

Fields first (a list of paragraphs as a list), then the derived figures beside them,
then grids, then lists of rows, then the form's note and the generated sentences. This
is also the view of any kind that has no module of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from core.findings import Evaluation
from tui.editor.sections import register
from tui.editor.sections.base import SectionView, format_computed
from tui.editor.shown import plain, update_static
from tui.editor.widgets.build import field_row

__all__ = ["FieldsView"]


@register("fields")
class FieldsView(SectionView):
    """One-line fields; text with a line break (or in a text section) gets a text area."""

    long_text: ClassVar[bool] = False

    def _subsection(self, path: str) -> dict[str, Any]:
        return next((sub for sub in self.section.subsections if sub.get("field") == path), {})

    def _label(self, path: str) -> str:
        spec = self.session.report.spec
        label = self._subsection(path).get("label")
        if label and self.long_text:
            from core.text import fill_heading

            return fill_heading(str(label), self.session.report, self.session.evaluation)
        return spec.fields[path].label

    def field_widgets(self) -> Iterator[Widget]:
        spec, session = self.session.report.spec, self.session
        for path in self.section.fields:
            field = spec.fields.get(path)
            if field is None:
                continue
            if field.type == "textlist":
                from tui.editor.widgets.lists import RecordList

                numbering = str(self._subsection(path).get("numbering") or "{n}.")
                yield RecordList(session, path, self._label(path), field.label, None, numbering=numbering)
                continue
            value = session.get(path)
            long = field.type == "text" and (self.long_text or (isinstance(value, str) and "\n" in value))
            unit = field.unit or (spec.profile.get("currency") if field.type == "money" else None)
            placeholder = field.help if field.type == "text" and field.help and not long else ""
            yield field_row(session, path, self._label(path), field.type, unit=unit, long=long,
                            placeholder=placeholder)

    def body(self) -> Iterator[Widget]:
        spec, session = self.session.report.spec, self.session
        yield from self.field_widgets()
        if self.section.derived:
            yield Static("", id="derived", classes="derived")
        for grid_id in self.section.grid_ids:
            from tui.editor.widgets.grid import GridView

            yield GridView(session, spec.grids[grid_id])
        yield from self.list_widgets()
        if self.section.note:
            yield Static(plain(self.section.note), classes="hint")
        if any(sub.get("templates") for sub in self.section.subsections):
            yield Static("", id="generated", classes="generated")

    def list_widgets(self) -> Iterator[Widget]:
        spec = self.session.report.spec
        for list_id in (self.section.list_id, *self.section.list_ids):
            if not list_id or list_id not in spec.lists:
                continue
            from tui.editor.widgets.lists import RecordList  # a section with no list never loads it

            table = spec.lists[list_id]
            units = {"money": str(spec.profile.get("currency", ""))}
            yield RecordList(self.session, table.path, table.label, table.row_label, table.columns,
                             numbering="（{n}）", unit_of=units)

    def _grids(self) -> list[Any]:
        if not self.section.grid_ids:
            return []  # and the grid module stays unloaded
        from tui.editor.widgets.grid import GridView

        return list(self.query(GridView))

    def refresh_extra(self, evaluation: Evaluation, shown: set[str]) -> None:
        spec = self.session.report.spec
        derived = self.part("derived", lambda: self.query("#derived").first(Static) if self.section.derived else None)
        generated = self.part("generated", lambda: next(iter(self.query("#generated").results(Static)), None))
        grids = self.part("grids", self._grids)
        if isinstance(derived, Static):
            parts = [f"{c.label} {format_computed(c.format, evaluation.values.get(c.id))}"
                     for c in spec.computed if c.id in self.section.derived]
            update_static(derived, Text("  ".join(parts), style="dim"))
        for grid in grids:
            grid.refresh_figures(evaluation)
        if isinstance(generated, Static):
            update_static(generated, self.generated_text(evaluation))

    def generated_text(self, evaluation: Evaluation) -> Text:
        from core.text import subsection_sentences

        sentences = [s for sub in self.section.subsections
                     for s in subsection_sentences(self.session.report, evaluation, sub)]
        if not sentences:
            return Text("")
        text = Text("生成的正文：", style="dim")
        text.append_text(plain("".join(sentences), "dim"))
        return text
