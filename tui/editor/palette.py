"""Ctrl+P: jump to any section, field, list, grid row or list row by its name; run a command.

Textual's CommandPalette speaks English (`Search for…`, `No matches found`) and gathers
its hits in a worker, so Enter pressed right after typing may pick nothing. This one is
Chinese, filters in the same step as the keystroke, and on Enter reads the query as it
is then (after any keys still on their way to the input). Entries are built from the form
and the report, so a new field or a new row is reachable without touching the editor.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from core.form import FormSpec, section_short
from tui.editor.screens.dialogs import Dialog, drain
from tui.editor.session import Session
from tui.editor.shown import one_line, plain
from tui.editor.widgets.base_inputs import FieldInput
from tui.editor.widgets.sidebar import InlineOptionList

if TYPE_CHECKING:
    from tui.editor.screens.editor import EditorScreen

__all__ = ["Entry", "JumpPalette", "open_palette", "palette_entries", "rank"]

SHOWN = 40  # matches listed (an OptionList measures every option it holds)

class Entry(NamedTuple):
    """One line of the palette: what it reads, and what choosing it does."""

    text: str
    action: Callable[[], Awaitable[None] | None]
    hint: str = ""


def rank(query: str, text: str) -> int | None:
    """Lower is better; None when not every character of the query appears in order."""
    if not query:
        return 0
    folded, target = query.casefold(), text.casefold()
    at = target.find(folded)
    if at >= 0:
        return at
    position, gaps = 0, 0
    for char in folded:
        found = target.find(char, position)
        if found < 0:
            return None
        gaps += found - position
        position = found + 1
    return 1000 + gaps


def palette_entries(spec: FormSpec, session: Session, goto: Callable[[str, str | None], Awaitable[None]],
                    commands: list[Entry]) -> list[Entry]:
    """Commands, then every section, field, list, grid row and list row of the report."""
    entries = list(commands)

    def jump(section_id: str, path: str | None) -> Callable[[], Awaitable[None]]:
        return lambda: goto(section_id, path)

    for section in spec.sections:
        nav = section.nav
        entries.append(Entry(f"跳转到 {nav}", jump(section.id, None), one_line(section.label)))
        for path in section.fields:
            if path in spec.fields:
                entries.append(Entry(f"{nav} · {spec.fields[path].label}", jump(section.id, path)))
        for grid_id in section.grid_ids:
            grid = spec.grids[grid_id]
            for row in grid.rows:
                if row.key and not (row.parts or row.sum_lists):
                    target = f"{grid.path}.{row.key}.{grid.columns[0].key}"
                    entries.append(Entry(f"{nav} · {grid.label} · {row.label.strip()}", jump(section.id, target)))
                elif row.list_id:
                    list_path = f"{grid.path}.{row.list_id}"
                    for index, item in enumerate(session.rows(list_path)):
                        name = item.get("name", "") if isinstance(item, dict) else ""
                        target = f"{list_path}[{index}]"
                        entries.append(Entry(f"{nav} · {row.label} · {one_line(name, 30)}",
                                             jump(section.id, target + ".name")))
        for list_id in (section.list_id, *section.list_ids):
            if not list_id or list_id not in spec.lists:
                continue
            table = spec.lists[list_id]
            entries.append(Entry(f"{nav} · {table.label}", jump(section.id, table.path)))
            first = table.columns[0].key if table.columns else None
            for index, stored in enumerate(session.rows(table.path)):
                values: dict[str, Any] = stored if isinstance(stored, dict) else {}
                words = [f"{table.row_label} {index + 1}"]
                if table.row_group and values.get(table.row_group):
                    words.append(one_line(values[table.row_group], 12))
                name_key = table.row_name or first
                if name_key and values.get(name_key):
                    words.append(one_line(values[name_key], 40))
                target = f"{table.path}[{index}].{table.row_name or first}" if first else table.path
                entries.append(Entry(f"{section_short(section)} · {' · '.join(words)}",
                                     jump(section.id, target)))
    for path, field in spec.fields.items():
        if field.type == "textlist":
            owner = spec.field_section.get(path)
            if owner is None:
                continue
            for index, item in enumerate(session.rows(path)):
                entries.append(Entry(f"{owner.nav} · {field.label} {index + 1} · {one_line(item, 30)}",
                                     jump(owner.id, f"{path}[{index}]")))
    return entries


class JumpPalette(Dialog[Entry]):
    """The query on top, the best matches under it; ↑/↓ choose, Enter goes, Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "go", "跳转", show=False, priority=True),
        Binding("down", "cursor(1)", show=False, priority=True),
        Binding("up", "cursor(-1)", show=False, priority=True),
        Binding("tab", "cursor(1)", show=False, priority=True),
        Binding("shift+tab", "cursor(-1)", show=False, priority=True),
    ]

    def __init__(self, entries: list[Entry]) -> None:
        super().__init__()
        self.entries = entries
        self.matches: list[Entry] = []
        self.filtered = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog palette"):
            yield Label("命令面板", classes="dialog-title")
            yield FieldInput(placeholder="输入节、字段、指标的名称或命令…", id="palette-query",
                             select_on_focus=False)
            yield InlineOptionList(id="palette-list")  # page keys safe at any size
            yield Static("↑/↓ 选择 · Enter 跳转或执行 · Esc 关闭", classes="dialog-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.filter("")

    def filter(self, query: str) -> None:
        query = query.strip()
        self.filtered = query
        ranked = [(score, len(entry.text), position, entry)
                  for position, entry in enumerate(self.entries)
                  if (score := rank(query, entry.text + " " + entry.hint)) is not None]
        ranked.sort(key=lambda item: item[:3])
        self.matches = [entry for *_rest, entry in ranked]
        options = self.query_one("#palette-list", OptionList)
        options.clear_options()
        if not self.matches:
            options.add_option(Option(Text("没有匹配的项", style="dim"), disabled=True))
            return
        for entry in self.matches[:SHOWN]:
            prompt = plain(entry.text)
            if entry.hint:
                prompt.append("  ")
                prompt.append_text(plain(entry.hint, "dim"))
            options.add_option(Option(prompt))
        options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.live:
            self.filter(event.input.value)

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#palette-list", OptionList)
        if not self.matches:
            return
        current = options.highlighted or 0
        options.highlighted = max(0, min(len(self.matches[:SHOWN]) - 1, current + step))

    async def action_go(self) -> None:
        query = self.query_one("#palette-query", Input)
        await drain(query)
        if not self.live:
            return
        if query.value.strip() != self.filtered:
            self.filter(query.value)  # the query as it is now, not as the last Changed saw it
        if not self.matches:
            return
        chosen = self.query_one("#palette-list", OptionList).highlighted or 0
        self.answer(self.matches[min(chosen, len(self.matches) - 1)])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.matches):
            self.answer(self.matches[event.option_index])


async def open_palette(screen: EditorScreen) -> None:
    """Ctrl+P: the commands, then every place of the report; the choice runs once the palette is closed."""
    await screen.steady()
    commands = [
        Entry("保存", screen.action_save, "Ctrl+S"),
        Entry("另存为…", screen.action_save_as),
        Entry("导出…", screen.action_export, "Ctrl+E"),
        Entry("检查结果", screen.action_findings, "F8"),
        Entry("撤销", screen.action_undo, "Ctrl+Z"),
        Entry("重做", screen.action_redo, "Ctrl+Y"),
        Entry("帮助", screen.action_help, "F1"),
        Entry("退出", screen.action_quit, "Ctrl+Q"),
    ]
    entries = palette_entries(screen.session.report.spec, screen.session, screen.goto, commands)

    async def chosen(entry: Entry | None) -> None:
        if entry is None:
            return
        outcome = entry.action()
        if outcome is not None:
            await outcome

    screen.ask(JumpPalette(entries), chosen)
