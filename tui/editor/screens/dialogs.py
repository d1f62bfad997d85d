"""Modal questions: quit with unsaved changes, confirm a delete, a recovery, a file changed
on disk, a report already open elsewhere, a new report, a file name to export or save to.

Every dialog's keys mean what its hint says: Enter confirms from any field (or presses the
focused button), Esc closes the dialog and only the dialog, Tab moves between fields, and
the focus starts on the first field. Keys act in the app's own order (priority bindings),
and keys typed while a dialog opens or closes wait for it (JixiaoApp.hold_keys), so a
quick typist's next keys land where the dialog left the focus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.editor.drain import drain
from tui.editor.shown import plain
from tui.editor.widgets.base_inputs import FieldInput

__all__ = ["Dialog", "ChoiceDialog", "quit_dialog", "confirm_dialog", "recovery_dialog",
           "NewReportDialog", "PathDialog", "disk_changed_dialog", "held_dialog", "drain"]

T = TypeVar("T")
SHORTCUTS = "abcdefghijklmnopqrstuvwxyz"


class Dialog(ModalScreen[T], Generic[T]):
    """Focus on the first field at once; answers hold the keys until the caller is done."""

    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消", show=False, priority=True),
        Binding("tab", "move(1)", "下一项", show=False, priority=True),
        Binding("shift+tab", "move(-1)", "上一项", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self.answered = False
        self._later: tuple[T | None] | None = None  # an answer given while another dialog was on top

    def on_mount(self) -> None:
        first = next((w for w in self.query("*") if w.focusable), None)
        if first is not None:
            self.set_focus(first, scroll_visible=False)
        release = getattr(self.app, "release_keys", None)
        if release is not None:
            release(dialog=True)

    @property
    def live(self) -> bool:
        """Still asking: not answered, still on the screen stack. A key queued before the
        answer, or an action that awaited its field's keys, runs after the dialog's widgets
        are gone and must do nothing (it raised NoMatches and ended the program)."""
        return not self.answered and self.is_attached

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.live

    def answer(self, result: T | None) -> None:
        if self.answered:
            return
        self.answered = True
        if self.app.screen is not self:
            # a key queued for this dialog before another one opened over it: Textual's
            # dismiss pops whatever is on top (the other dialog, or with nothing left the
            # app ends in ScreenStackError), so the answer waits until this one is on top
            self._later = (result,)
            return
        self._dismiss_holding(result)

    def _dismiss_holding(self, result: T | None) -> None:
        hold = getattr(self.app, "hold_keys", None)
        if hold is not None:
            hold(dialog=True)
        self.dismiss(result)

    def on_screen_resume(self) -> None:
        later = self._later
        if later is not None:
            self._later = None
            self._dismiss_holding(later[0])

    def cancel_value(self) -> T | None:
        return None

    def action_cancel(self) -> None:
        self.answer(self.cancel_value())

    def action_move(self, step: int) -> None:
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()


class ChoiceDialog(Dialog[str]):
    """A question with a few answers, each on a button and a letter; Esc is the last answer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "press", "确定", show=False, priority=True),
        Binding("left", "move(-1)", show=False, priority=True),
        Binding("right", "move(1)", show=False, priority=True),
        *(Binding(letter, f"pick('{letter}')", show=False, priority=True) for letter in SHORTCUTS),
    ]

    def __init__(self, title: str, question: str, choices: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.choices = choices  # (answer, label, key)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Static(plain(self.question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                for answer, label, key in self.choices:
                    yield Button(f"{label}({key.upper()})", id=f"answer-{answer}")
            yield Static("←/→ 选择 · Enter 确定 · 字母键直接选择 · Esc "
                         + self.choices[-1][1], classes="dialog-hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "pick":
            return any(key == parameters[0] for _answer, _label, key in self.choices)
        return True

    def action_pick(self, letter: str) -> None:
        for answer, _label, key in self.choices:
            if key == letter:
                self.answer(answer)
                return

    def action_press(self) -> None:
        focused = self.focused
        if isinstance(focused, Button) and focused.id:
            self.answer(focused.id.removeprefix("answer-"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.answer((event.button.id or "").removeprefix("answer-"))

    def cancel_value(self) -> str | None:
        return self.choices[-1][0]


def quit_dialog(name: str) -> ChoiceDialog:
    return ChoiceDialog("退出", f"{name} 有未保存的修改。", [
        ("save", "保存", "s"), ("discard", "不保存", "d"), ("cancel", "取消", "c")])


def confirm_dialog(question: str) -> ChoiceDialog:
    return ChoiceDialog("确认", question, [("yes", "确定", "y"), ("no", "取消", "n")])


def recovery_dialog(recovery: str) -> ChoiceDialog:
    return ChoiceDialog("恢复", f"发现上次未保存的修改（{recovery}），比报告文件新。是否恢复？",
                        [("restore", "恢复", "r"), ("discard", "丢弃", "d")])


def disk_changed_dialog(name: str) -> ChoiceDialog:
    return ChoiceDialog("文件已被改动", f"{name} 在本次打开后被其他程序或他人改动过。"
                        "重新载入：放弃本次修改，读入磁盘上的文件；另存为：本次修改存到另一个文件；"
                        "覆盖：用本次修改覆盖磁盘上的文件。",
                        [("reload", "重新载入", "r"), ("saveas", "另存为", "a"), ("overwrite", "覆盖", "o"),
                         ("cancel", "取消", "c")])


def held_dialog(name: str, holder: str) -> ChoiceDialog:
    return ChoiceDialog("报告已被打开", f"{name} 正由 {holder} 编辑。同时编辑会互相覆盖；"
                        "保存前会检查文件是否已被改动。",
                        [("open", "仍然打开", "o"), ("quit", "退出", "q")])


class _FormDialog(Dialog[T]):
    """A dialog of input fields: Enter confirms from any of them."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "confirm", "确定", show=False, priority=True)]

    async def action_confirm(self) -> None:
        await drain(self.focused)
        if self.live:
            self.confirm()

    def confirm(self) -> None:
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        self.query_one(".dialog-error", Static).update(plain(f"✗ {message}"))


class NewReportDialog(_FormDialog[tuple[str, int, str]]):
    """`jixiao edit NEW.toml`: the unit and the year first (labels and bounds from the form)."""

    def __init__(self, file_name: str, default_year: int, forms: list[Any]) -> None:
        super().__init__()
        self.file_name = file_name
        self.default_year = default_year
        self.forms = forms  # FormSpec, the default first

    def _role_label(self, spec: Any, role: str, fallback: str) -> str:
        path = spec.role(role)
        return str(spec.fields[path].label) if path and path in spec.fields else fallback

    def compose(self) -> ComposeResult:
        from tui.editor.widgets.sidebar import InlineOptionList

        spec = self.forms[0]
        with Vertical(classes="dialog"):
            yield Label(plain(f"新建报告 {self.file_name}"), classes="dialog-title")
            yield Label(plain(self._role_label(spec, "unit", "单位")), id="unit-label")
            yield FieldInput(id="unit-name", select_on_focus=False)
            yield Label(plain(self._role_label(spec, "year", "年份")), id="year-label")
            yield FieldInput(str(self.default_year), id="unit-year", select_on_focus=False)
            if len(self.forms) > 1:
                yield Label("表单（↑/↓ 选择）")
                chooser = InlineOptionList(*(Option(plain(s.name), id=s.id) for s in self.forms), id="form")
                chooser.highlighted = 0
                yield chooser
            yield Static("", classes="message dialog-error")
            yield Static("Tab 下一项 · Enter 新建 · Esc 取消", classes="dialog-hint")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The labels of the unit and the year are the chosen form's own."""
        spec = self.forms[event.option_index]
        self.query_one("#unit-label", Label).update(plain(self._role_label(spec, "unit", "单位")))
        self.query_one("#year-label", Label).update(plain(self._role_label(spec, "year", "年份")))

    def confirm(self) -> None:
        from core.numbers import NumberError, parse_count

        name = self.query_one("#unit-name", Input).value.strip()
        try:
            year = parse_count(self.query_one("#unit-year", Input).value)
        except NumberError as exc:
            self.show_error(str(exc))
            return
        spec = self.forms[0]
        chooser = self.query("#form")
        if chooser:
            highlighted = chooser.first(OptionList).highlighted
            spec = self.forms[highlighted or 0]
        bounds = spec.fields.get(spec.role("year") or "")
        if bounds is not None:
            low, high = bounds.min, bounds.max
            if (low is not None and year < low) or (high is not None and year > high):
                self.show_error(f"{bounds.label}应在 {low} 至 {high} 之间")
                return
        self.answer((name, year, spec.id))


class PathDialog(_FormDialog[str]):
    """A file name: where to export (the suffix picks the writer) or where to save."""

    def __init__(self, title: str, label: str, default: str, hint: str) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.default = default
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Label(plain(self.label))
            yield FieldInput(self.default, id="path", select_on_focus=False)
            yield Static("", classes="message dialog-error")
            yield Static(plain(self.hint), classes="dialog-hint")

    def confirm(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        if not value:
            self.show_error("请填写文件名")
            return
        self.answer(value)


AnswerCallback = Callable[[Any], Any]
