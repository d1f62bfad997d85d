"""FieldInput and FieldTextArea apply a burst of keys in the order it arrived (#6605).

How keys are delivered. `Pilot.press` waits for the app to go idle after every key, so
each binding has bubbled to the app and run before the next key exists: a plain `Input`
looks correct under it. A real terminal delivers a burst (SSH, `tmux send-keys`, a fast
typist) in one read, and the Linux driver runs the whole byte string through its
`XTermParser` and posts every resulting event to the app before the app handles the
first. `burst()` does exactly that with the headless driver; `post_keys()` posts
ready-made `events.Key` objects the same way, as Textual PR #6631's tests do. Under
either, a plain `Input`/`TextArea` reproduces the bug, which the `*_plain_*` tests pin
down as upstream behaviour on Textual 8.2.8.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rich.segment import Segment
from textual import events
from textual._xterm_parser import XTermParser  # private: the Linux driver's own parser
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.keys import key_to_character
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, TextArea
from textual.widgets.text_area import Document

from tui.editor.widgets.inputs import FieldInput
from tui.editor.widgets.text_inputs import FieldTextArea

LEFT, RIGHT, UP, DOWN = "\x1b[D", "\x1b[C", "\x1b[A", "\x1b[B"
HOME, END, DELETE, BACKSPACE = "\x1b[H", "\x1b[F", "\x1b[3~", "\x7f"
SHIFT_LEFT, SHIFT_RIGHT = "\x1b[1;2D", "\x1b[1;2C"
CTRL_LEFT, CTRL_RIGHT = "\x1b[1;5D", "\x1b[1;5C"
CTRL_SHIFT_LEFT, SHIFT_HOME = "\x1b[1;6D", "\x1b[1;2H"
CTRL_A, CTRL_E, CTRL_K, CTRL_U, CTRL_W, CTRL_S = "\x01", "\x05", "\x0b", "\x15", "\x17", "\x13"
F5 = "\x1b[15~"


def paste(text: str) -> str:
    """A bracketed paste, as a terminal sends it."""
    return f"\x1b[200~{text}\x1b[201~"


class OneField(App[None]):
    """The widget under test (focused first), then a button for Tab to move to.

    `arrived` lists every key that bubbled up to the app; Ctrl+S and F5 are app bindings
    like the editor's save and section keys, and `ran` lists the ones that ran.
    """

    BINDINGS = [Binding("ctrl+s", "record('ctrl+s')"), Binding("f5", "record('f5')")]

    def __init__(self, make: Callable[[], Widget]) -> None:
        super().__init__()
        self.make = make
        self.arrived: list[str] = []
        self.ran: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.make()
        yield Button("下一项")

    def on_key(self, event: events.Key) -> None:
        self.arrived.append(event.key)

    def action_record(self, key: str) -> None:
        self.ran.append(key)


def burst(app: App[None], data: str) -> None:
    """Deliver `data` the way the Linux driver does when one read returns all of it."""
    assert app._driver is not None
    for event in XTermParser().feed(data):
        app._driver.process_message(event)


def post_keys(app: App[None], *keys: str) -> None:
    """Post key events one after another without letting the app run in between."""
    for key in keys:
        app.post_message(events.Key(key, key_to_character(key)))


async def feed_slowly(pilot: Pilot[None], data: str) -> None:
    """Deliver `data` one event at a time, letting the app settle after each."""
    driver = pilot.app._driver
    assert driver is not None
    for event in XTermParser().feed(data):
        driver.process_message(event)
        await settle(pilot)


async def settle(pilot: Pilot[None]) -> None:
    """Let every posted event and every message it caused be handled."""
    for _ in range(4):
        await pilot.pause()


def shown(widget: Widget) -> str:
    """What the user sees the widget hold."""
    if isinstance(widget, Input):
        return widget.value
    assert isinstance(widget, TextArea)
    return widget.text


async def typed(
    make: Callable[[], Widget], data: str, *, cursor: int | None = None, slowly: bool = False
) -> str:
    """The text a fresh focused widget shows after the burst `data`.

    `slowly` delivers the same events one at a time, letting the app settle after each,
    as a person typing at an ordinary speed would: the behaviour a burst must match.
    """
    app = OneField(make)
    async with app.run_test() as pilot:
        widget = app.query_one("#field")
        if cursor is not None:
            assert isinstance(widget, Input)
            widget.cursor_position = cursor
        if slowly:
            await feed_slowly(pilot, data)
        else:
            burst(app, data)
        await settle(pilot)
        return shown(widget)


def field_input(value: str = "", **options: bool) -> Callable[[], Widget]:
    return lambda: FieldInput(value, id="field", **options)


def field_area(text: str = "") -> Callable[[], Widget]:
    return lambda: FieldTextArea(text, id="field")


# --- the regression the issue asks for ------------------------------------------------


async def test_posted_b_a_backspace_c_gives_bc() -> None:
    app = OneField(field_input())
    async with app.run_test() as pilot:
        post_keys(app, "b", "a", "backspace", "c")
        await settle(pilot)
        assert app.query_one("#field", Input).value == "bc"


async def test_plain_input_reorders_posted_b_a_backspace_c() -> None:
    """Upstream behaviour on Textual 8.2.8: the backspace runs after `c` (#6605).

    If this fails, Textual has fixed the issue and FieldInput's inline bindings can go.
    """
    app = OneField(lambda: Input(id="field"))
    async with app.run_test() as pilot:
        post_keys(app, "b", "a", "backspace", "c")
        await settle(pilot)
        assert app.query_one("#field", Input).value != "bc"


async def test_field_text_area_posted_b_a_backspace_c_gives_bc() -> None:
    app = OneField(field_area())
    async with app.run_test() as pilot:
        post_keys(app, "b", "a", "backspace", "c")
        await settle(pilot)
        assert app.query_one("#field", TextArea).text == "bc"


async def test_plain_text_area_reorders_posted_b_a_backspace_c() -> None:
    """Upstream behaviour on Textual 8.2.8, as for `Input`."""
    app = OneField(lambda: TextArea(id="field"))
    async with app.run_test() as pilot:
        post_keys(app, "b", "a", "backspace", "c")
        await settle(pilot)
        assert app.query_one("#field", TextArea).text != "bc"


# --- FieldInput: terminal bursts ------------------------------------------------------


async def test_typed_left_then_digit_lands_before_last_digit() -> None:
    assert await typed(field_input(), "93.8" + LEFT + "1") == "93.18"


async def test_plain_input_puts_digit_after_left_in_burst() -> None:
    """Upstream behaviour: Left runs after the `1` it preceded."""
    assert await typed(lambda: Input(id="field"), "93.8" + LEFT + "1") == "93.81"


@pytest.mark.parametrize("select_on_focus", [True, False])
async def test_seven_backspaces_then_new_figure(select_on_focus: bool) -> None:
    make = field_input("1198.36", select_on_focus=select_on_focus)
    assert await typed(make, BACKSPACE * 7 + "1234.56") == "1234.56"


async def test_end_then_many_backspaces_then_figure() -> None:
    make = field_input("1,234,567.89万元（暂定）", select_on_focus=False)
    assert await typed(make, END + BACKSPACE * 24 + "93.13", cursor=0) == "93.13"


async def test_home_then_typing() -> None:
    make = field_input("3.18", select_on_focus=False)
    assert await typed(make, HOME + "9" + END + "万元") == "93.18万元"


async def test_paste_between_keys() -> None:
    data = "12" + BACKSPACE + paste("34") + LEFT + "5"
    assert await typed(field_input(), data) == "1354"


async def test_paste_keeps_only_first_line_like_input() -> None:
    assert await typed(field_input(), "1" + paste("23\n45") + BACKSPACE + "9") == "129"


INPUT_CASES = [
    pytest.param("93.18", HOME + DELETE + DELETE + "7", "7.18", id="home-delete"),
    pytest.param("93.18", CTRL_A + "x" + CTRL_E + "y", "x93.18y", id="ctrl+a-ctrl+e"),
    pytest.param("93.18", LEFT * 2 + CTRL_K + "25", "93.25", id="ctrl+k"),
    pytest.param("93.18", LEFT * 2 + CTRL_U + "0", "018", id="ctrl+u"),
    pytest.param("预算 执行", CTRL_W + "决算", "预算 决算", id="ctrl+w"),
    pytest.param("预算 执行 率", CTRL_LEFT + CTRL_LEFT + "总", "预算 总执行 率", id="ctrl+left"),
    pytest.param("预算 执行 率", HOME + CTRL_RIGHT + "额", "预算 额执行 率", id="ctrl+right"),
    pytest.param("93.18", SHIFT_LEFT * 2 + "00", "93.00", id="shift+left"),
    pytest.param("93.18", HOME + SHIFT_RIGHT * 2 + "7", "7.18", id="shift+right"),
    pytest.param("预算 执行", CTRL_SHIFT_LEFT + "决算", "预算 决算", id="ctrl+shift+left"),
    pytest.param("93.18", SHIFT_HOME + "1", "1", id="shift+home"),
]


@pytest.mark.parametrize(("start", "data", "expected"), INPUT_CASES)
async def test_input_editing_keys_in_order(start: str, data: str, expected: str) -> None:
    assert await typed(field_input(start, select_on_focus=False), data) == expected


@pytest.mark.parametrize(("start", "data", "expected"), INPUT_CASES)
async def test_plain_input_fed_slowly_agrees(start: str, data: str, expected: str) -> None:
    """The oracle: a plain `Input` given one key at a time does what FieldInput does."""
    make = lambda: Input(start, id="field", select_on_focus=False)  # noqa: E731
    assert await typed(make, data, slowly=True) == expected


async def test_unbound_keys_still_reach_the_app() -> None:
    app = OneField(field_input())
    async with app.run_test() as pilot:
        burst(app, "12" + CTRL_S + "3" + F5 + BACKSPACE + "4")
        await settle(pilot)
        post_keys(app, "escape")  # a lone ESC byte would wait for the parser's timeout
        await settle(pilot)
        assert app.query_one("#field", Input).value == "124"
        assert app.ran == ["ctrl+s", "f5"]
        assert app.arrived == ["ctrl+s", "f5", "escape"]
        burst(app, "\t")
        await settle(pilot)
        assert app.focused is app.query_one(Button)


async def test_enter_submits_the_value_typed_before_it() -> None:
    submitted: list[str] = []

    class Submitting(OneField):
        def on_input_submitted(self, message: Input.Submitted) -> None:
            submitted.append(message.value)

    app = Submitting(field_input())
    async with app.run_test() as pilot:
        burst(app, "12" + BACKSPACE + "\r" + "5")
        await settle(pilot)
        assert submitted == ["1"]
        assert app.query_one("#field", Input).value == "15"


# --- FieldTextArea ----------------------------------------------------------------------

TWO_LINES = "第一行\n第二行"


TEXT_AREA_CASES = [
    pytest.param(DOWN + END + "！", "第一行\n第二行！", id="down-end"),
    pytest.param(DOWN + RIGHT + UP + "甲", "第甲一行\n第二行", id="down-right-up"),
    pytest.param(DOWN + HOME + BACKSPACE + "、", "第一行、第二行", id="backspace-joins-lines"),
    pytest.param(END + DELETE + "，", "第一行，第二行", id="delete-joins-lines"),
    pytest.param(DOWN + END + paste("甲\n乙") + "丙", "第一行\n第二行甲\n乙丙", id="paste-lines"),
    pytest.param(END + "\r" + BACKSPACE + "。", "第一行。\n第二行", id="enter-backspace"),
    pytest.param(RIGHT + CTRL_K + "句", "第句\n第二行", id="ctrl+k"),
    pytest.param(DOWN + END + CTRL_U + "末", "第一行\n末", id="ctrl+u"),
    pytest.param(END + SHIFT_LEFT * 2 + "二", "第二\n第二行", id="shift+left"),
    pytest.param(DOWN + END + CTRL_W + "段", "第一行\n段", id="ctrl+w"),
]


@pytest.mark.parametrize(("data", "expected"), TEXT_AREA_CASES)
async def test_text_area_editing_keys_in_order(data: str, expected: str) -> None:
    assert await typed(field_area(TWO_LINES), data) == expected


@pytest.mark.parametrize(("data", "expected"), TEXT_AREA_CASES)
async def test_plain_text_area_fed_slowly_agrees(data: str, expected: str) -> None:
    """The oracle: a plain `TextArea` given one key at a time does what FieldTextArea does."""
    assert await typed(lambda: TextArea(TWO_LINES, id="field"), data, slowly=True) == expected


async def test_plain_text_area_types_before_earlier_arrows() -> None:
    """Upstream behaviour: Down and End run after the character typed behind them."""
    result = await typed(lambda: TextArea(TWO_LINES, id="field"), DOWN + END + "！")
    assert result == "！第一行\n第二行"


async def test_text_area_unbound_keys_still_reach_the_app() -> None:
    app = OneField(field_area())
    async with app.run_test() as pilot:
        burst(app, "甲" + CTRL_S + BACKSPACE + "乙" + F5)
        await settle(pilot)
        post_keys(app, "escape")
        await settle(pilot)
        assert app.query_one("#field", TextArea).text == "乙"
        assert app.ran == ["ctrl+s", "f5"]
        assert app.arrived == ["ctrl+s", "f5", "escape"]
        burst(app, "\t")
        await settle(pilot)
        assert app.focused is app.query_one(Button)


# --- text is text: no markup, no terminal control -----------------------------------------

HOSTILE = "a\x1b]0;pwned\x07b\x00c\u202ed\x1b[31m[/]x[bold]y"


@pytest.mark.parametrize("make", [field_input(HOSTILE), field_area(HOSTILE + "\n" + HOSTILE)])
async def test_markup_and_control_characters_are_shown_as_text(
    make: Callable[[], Widget],
) -> None:
    app = OneField(make)
    async with app.run_test() as pilot:
        await settle(pilot)
        widget = app.query_one("#field")
        line = widget.render_line(0).text
        assert shown(widget).startswith(HOSTILE)  # the value itself is never altered
        assert "[/]x[bold]y" in line
        assert "\x1b" not in line and "\x00" not in line and "\u202e" not in line
        assert "a]0;pwnedbcd[31m[/]x" in line


@pytest.mark.parametrize("make", [field_input(), field_area()])
async def test_markup_typed_and_pasted_stays_literal(make: Callable[[], Widget]) -> None:
    app = OneField(make)
    async with app.run_test() as pilot:
        burst(app, "[/]x" + paste("[bold]y") + LEFT + "[/]")
        await settle(pilot)
        widget = app.query_one("#field")
        assert shown(widget) == "[/]x[bold][/]y"
        assert "[/]x[bold][/]y" in widget.render_line(0).text


# --- the faster drawing draws what TextArea draws -----------------------------------------

PARAGRAPH = "预算执行率为百分之九十八，" * 400 + "\n短行\t有制表符\n" + "长" * 300


class TwoAreas(App[None]):
    """A FieldTextArea above a plain TextArea, given the same text and the same keys.

    The cursor does not blink, so two drawings of the same state are the same.
    """

    def __init__(self, text: str, soft_wrap: bool) -> None:
        super().__init__()
        self.text, self.soft_wrap = text, soft_wrap

    def compose(self) -> ComposeResult:
        for kind, name in ((FieldTextArea, "field"), (TextArea, "plain")):
            area = kind(self.text, soft_wrap=self.soft_wrap, id=name)
            area.cursor_blink = False
            yield area


def drawn(area: TextArea) -> list[list[tuple[str, object]]]:
    """Every row of the widget as (text, style) runs, adjacent equal styles merged."""
    rows = []
    for y in range(area.size.height):
        strip = area.render_line(y).crop(0, area.content_region.width)
        rows.append([(segment.text, segment.style) for segment in Segment.simplify(strip)])
    return rows


@pytest.mark.parametrize("soft_wrap", [True, False], ids=["soft-wrap", "no-wrap"])
async def test_long_lines_are_drawn_as_text_area_draws_them(soft_wrap: bool) -> None:
    app = TwoAreas(PARAGRAPH, soft_wrap)
    async with app.run_test(size=(80, 40)) as pilot:
        field = app.query_one("#field", TextArea)
        plain = app.query_one("#plain", TextArea)
        steps = [
            ((0, 2000), "x" + SHIFT_RIGHT * 3),
            ((0, 4700), "y" + BACKSPACE + END),
            ((1, 4), SHIFT_LEFT * 2 + "、"),
            ((2, 299), "末"),
        ]
        for location, data in steps:
            seen = []
            for area in (field, plain):
                area.focus()
                area.move_cursor(location, center=True)
                await settle(pilot)
                if area is field:
                    burst(app, data)
                else:
                    await feed_slowly(pilot, data)  # TextArea itself reorders bursts
                await settle(pilot)
                seen.append((area.text, area.virtual_size, area.scroll_offset, drawn(area)))
            assert seen[0] == seen[1]


async def test_measured_document_follows_edits() -> None:
    app = OneField(lambda: FieldTextArea("甲乙\n丙", soft_wrap=False, id="field"))
    async with app.run_test() as pilot:
        burst(app, "丁" * 50 + "\r" + "戊" * 70 + UP + BACKSPACE * 30)
        await settle(pilot)
        area = app.query_one("#field", TextArea)
        assert area.document.get_size(4) == Document(area.text).get_size(4)
        assert area.wrapped_document.height == area.document.line_count
