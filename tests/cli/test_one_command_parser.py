"""A run builds only its own command's parser: it must parse as the full parser does, and
whatever argparse prints (help, usage, errors) must be the full parser's, word for word."""

from __future__ import annotations

import argparse
import sys

import pytest

from tui.cli.commands import COMMAND_MODULES, COMMAND_OF_WORD

main_module = sys.modules["tui.cli.main"]  # tui.cli.main the name is the function


def _words(parser: argparse.ArgumentParser) -> set[str]:
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(sub.choices)


def test_every_command_word_is_known_and_no_other():
    assert set(COMMAND_OF_WORD) == _words(main_module.build_parser())
    assert set(COMMAND_OF_WORD.values()) == set(COMMAND_MODULES)


@pytest.mark.parametrize("word", sorted(COMMAND_OF_WORD))
def test_each_word_is_registered_by_its_module(word):
    assert word in _words(main_module.build_parser((COMMAND_OF_WORD[word],)))


@pytest.mark.parametrize("argv", [
    ["check", "a.toml", "--json"],
    ["score", "a.toml", "-v"],
    ["show", "a.toml", "--section", "封面"],
    ["export", "a.toml", "--to", "b.xlsx", "--quiet"],
    ["form", "check", "f.toml"],
    ["form", "list"],
    ["new", "x.toml", "--year", "2024", "--sample"],
    ["demo"],
])
def test_one_command_parses_as_the_full_parser(argv):
    parser, args = main_module._parse(argv)
    assert _words(parser) < set(COMMAND_OF_WORD)  # the quick path was taken
    assert vars(args) == vars(main_module.build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [
    [], ["-h"], ["--version"], ["chek"], ["check"], ["check", "-h"], ["check", "a.toml", "--bogus"],
    ["form"], ["form", "check"], ["new", "x.toml", "--year", "abc"], ["demo", "-h"],
])
def test_what_argparse_prints_is_the_full_parsers(argv, capsys):
    code = main_module.main(argv)
    printed = capsys.readouterr()
    try:
        parser = main_module.build_parser()
        args = parser.parse_args(argv)
        expected = 2 if not args.command else None
        if not args.command:
            parser.print_help()
    except SystemExit as exc:
        expected = int(exc.code or 0)
    assert (code, printed.out, printed.err) == (expected, *capsys.readouterr())
    assert printed.out or printed.err
