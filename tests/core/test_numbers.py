"""What clerks type → Decimal; what they must not get past; how figures are shown."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.numbers import NumberError, fmt_money, fmt_percent, fmt_score, parse_count, parse_number

D = Decimal


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("194.72", "194.72"),
        ("１９４．７２", "194.72"),
        ("1,234.5", "1234.5"),
        ("1，234.5", "1234.5"),
        ("194.72万元", "194.72"),
        ("194.72万", "194.72"),
        (" 20.62 ", "20.62"),
        ("　20.62　", "20.62"),
        ("-3.5", "-3.5"),
        ("负3.5", "-3.5"),
        ("－3.5", "-3.5"),
        ("0", "0"),
        (".5", "0.5"),
        ("12,345,678.90", "12345678.90"),
        ("15000元", "1.5"),
    ],
)
def test_accepts_what_people_type(text, value):
    assert parse_number(text) == D(value)


@pytest.mark.parametrize("text", ["abc", "1.2.3", "NaN", "nan", "inf", "-inf", "1e400", "1e5", "12,34", "", "  ",
                                  "1 2", "--1", "0x10", "Infinity"])
def test_refuses_with_a_message_naming_the_input(text):
    with pytest.raises(NumberError) as info:
        parse_number(text)
    message = str(info.value)
    assert message
    if text.strip():
        assert text.strip() in message


def test_counts_are_whole_and_non_negative():
    assert parse_count("８") == 8
    with pytest.raises(NumberError, match="整数"):
        parse_count("7.5")
    with pytest.raises(NumberError, match="负数"):
        parse_count("-1")


def test_formatting_rounds_half_up_only_for_display():
    assert fmt_money(D("174.1")) == "174.10"
    assert fmt_money(D("0.125")) == "0.13"
    assert fmt_money(D("2.675")) == "2.68"
    assert fmt_money(None) == "—"
    assert fmt_money(D("-0.0")) == "0.00" and fmt_money(D("-0.001")) == "0.00"
    assert fmt_money(D("1E+400")) == "1E+400"
    assert fmt_percent(D("87.5")) == "87.50%"
    assert fmt_percent(None) == "—"
    assert fmt_score(D("98")) == "98"
    assert fmt_score(D("97.235")) == "97.24"
    assert fmt_score(D("13.50")) == "13.5"
    assert fmt_score(D("-0.001")) == "0"
