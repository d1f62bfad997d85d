"""argparse that speaks Chinese: every word argparse itself prints, for jixiao's clerks.

Why this shape. argparse builds its words from English msgids passed to its module-level
gettext ``_``. Python ships no Chinese catalog for argparse, and installing one (or rebinding
``argparse._``) would change every parser in the process, pytest's own included. So the
translation lives in two classes and touches no global state:

* Help: ``ChineseHelpFormatter`` gives the ``用法：`` prefix, translates section headings
  (``位置参数``, ``选项``, ``子命令``), argparse's own help texts (-h, --version) and the
  ArgumentDefaultsHelpFormatter suffix, and lists choices as ``{a、b、c}``. Whatever
  ``formatter_class`` a ChineseArgumentParser is given is mixed with it.
* Errors: argparse hands ``error()`` a finished English sentence. ``translate`` matches it
  against the msgid templates in ``MESSAGES`` (each placeholder becomes a capture group)
  and fills the Chinese template with the captured values, unchanged.

``MESSAGES`` is keyed by the English msgid (both ngettext forms) of Python 3.11 to 3.14;
tests/cli/test_argparse_zh.py fails when the running Python's argparse has one it lacks.
Parsers built with ``exit_on_error=False`` raise ArgumentError to their caller as argparse
made it; pass ``str(exc)`` through ``translate`` before showing it.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn, Self

__all__ = ["MESSAGES", "ChineseArgumentParser", "ChineseHelpFormatter", "add_version", "translate"]

MESSAGES: dict[str, str] = {
    # help text
    "usage: ": "用法：",
    "%(heading)s:": "%(heading)s：",
    "positional arguments": "位置参数",
    "options": "选项",
    "subcommands": "子命令",
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    " (default: %(default)s)": "（默认：%(default)s）",
    # the frames around a message
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s：警告：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    # what a user typed wrong
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "必须提供以下参数之一：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "此选项不接受值：%r",
    "expected one argument": "需要一个参数值",
    "expected at most one argument": "最多只能有一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "expected %s argument": "需要 %s 个参数值",
    "expected %s arguments": "需要 %s 个参数值",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可以是 %(matches)s",
    "unexpected option string: %s": "意外的选项：%s",
    "invalid %(type)s value: %(value)r": "不是有效的%(type)s：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值：%(value)r（可选：%(choices)s）",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "无效的取值：%(value)r，是不是要输入 %(closest)r？（可选：%(choices)s）",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "未知的子命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开 '%(filename)s'：%(error)s",
    'argument "-" with mode %r': '参数 "-" 不能用于模式 %r',
    "%r is not callable": "%r 不可调用",
    "option '%(option)s' is deprecated": "选项 '%(option)s' 已弃用",
    "argument '%(argument_name)s' is deprecated": "参数 '%(argument_name)s' 已弃用",
    "command '%(parser_name)s' is deprecated": "命令 '%(parser_name)s' 已弃用",
    # a parser built wrong (a programmer's error, still never English)
    ".__call__() not defined": "未定义 .__call__()",
    "conflicting subparser: %s": "子命令冲突：%s",
    "conflicting subparser alias: %s": "子命令别名冲突：%s",
    "conflicting option string: %s": "选项冲突：%s",
    "conflicting option strings: %s": "选项冲突：%s",
    "cannot merge actions - two groups are named %r": "无法合并参数：有两个参数组都名为 %r",
    "'required' is an invalid argument for positionals": "位置参数不能使用 'required'",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "无效的选项 %(option)r：必须以 %(prefix_chars)r 中的字符开头",
    "dest= is required for options like %r": "像 %r 这样的选项必须指定 dest=",
    "invalid conflict_resolution value: %r": "无效的 conflict_resolution 值：%r",
    "mutually exclusive arguments must be optional": "互斥的参数必须是可选参数",
    "cannot have multiple subparser arguments": "不能有多组子命令",
}

# `invalid %(type)s value`: %(type)s is the type function's __name__; a custom function's
# English name says nothing to a clerk, so it becomes 值 (a Chinese __name__ is kept).
_TYPE_NAMES = {"int": "整数", "float": "数值", "Decimal": "数值", "complex": "复数", "str": "文本"}
# Templates that wrap a message rather than being one: never matched against a message.
_FRAMES = frozenset({"%(heading)s:", "%(prog)s: error: %(message)s\n",
                     "%(prog)s: warning: %(message)s\n", " (default: %(default)s)"})
_DEFAULT_SUFFIX = " (default: %(default)s)"
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[sr]")


def _keys(template: str) -> list[str]:
    """Placeholder names in order; a bare %s/%r is named _0, _1, … by its position."""
    keys: list[str] = []
    for match in _PLACEHOLDER.finditer(template):
        keys.append(match.group(1) or f"_{sum(k.startswith('_') for k in keys)}")
    return keys


def _pattern(msgid: str) -> re.Pattern[str]:
    """The msgid as a regex: literal text escaped, each placeholder a lazy named group.

    Lazy, so `argument %(argument_name)s: %(message)s` splits at the first ": " (argument
    names have none; messages often do)."""
    pieces, pos = [], 0
    for key, match in zip(_keys(msgid), _PLACEHOLDER.finditer(msgid), strict=True):
        pieces += [re.escape(msgid[pos:match.start()]), f"(?P<{key}>.*?)"]
        pos = match.end()
    return re.compile("".join(pieces) + re.escape(msgid[pos:]), re.DOTALL)


@functools.cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Every message template as a regex, most literal text first, so the specific template
    wins ("maybe you meant" before the plain `invalid choice`). Compiled when argparse first
    reports an error, never on a run that parses cleanly (they cost milliseconds)."""
    return sorted(
        ((_pattern(msgid), msgid) for msgid in MESSAGES if "%" in msgid and msgid not in _FRAMES),
        key=lambda item: -len(_PLACEHOLDER.sub("", item[1])),
    )


def _fill(template: str, values: dict[str, str]) -> str:
    """Put captured text into a template as is: a %r value was captured already quoted."""
    keys = iter(_keys(template))
    return _PLACEHOLDER.sub(lambda _match: values[next(keys)], template)


def translate(message: str) -> str:
    """argparse's finished English message in Chinese; anything else (the app's own
    ArgumentTypeError text, say) comes back unchanged."""
    if message in MESSAGES:
        return MESSAGES[message]
    for pattern, msgid in _patterns():
        match = pattern.fullmatch(message)
        if match is None:
            continue
        values = {key: value or "" for key, value in match.groupdict().items()}
        if "message" in values:
            values["message"] = translate(values["message"])
        if "type" in values and values["type"].isascii():
            values["type"] = _TYPE_NAMES.get(values["type"], "值")
        return _fill(MESSAGES[msgid], values)
    return message


def _default_suffix(default: object) -> str:
    """（默认：…） for ArgumentDefaultsHelpFormatter; None and booleans would print as
    English words, so None shows nothing and a boolean shows 是/否."""
    if default is None:
        return ""
    if isinstance(default, bool):
        return MESSAGES[_DEFAULT_SUFFIX] % {"default": "是" if default else "否"}
    return MESSAGES[_DEFAULT_SUFFIX]


class ChineseHelpFormatter(argparse.HelpFormatter):
    """HelpFormatter whose own words are Chinese; see the module docstring for why."""

    class _Section(argparse.HelpFormatter._Section):
        """A help section whose argparse-given heading is translated and ends in ：."""

        def __init__(self, formatter: argparse.HelpFormatter, parent: Self | None,
                     heading: str | None = None) -> None:
            super().__init__(formatter, parent,
                             None if heading is None else MESSAGES.get(heading, heading))

        def format_help(self) -> str:
            text = super().format_help()
            if not self.heading:
                return text
            # 3.11 appends a hard-coded ":", 3.13+ the msgid "%(heading)s:"; either way
            # the heading line is the first place its text appears in the section.
            chinese = MESSAGES["%(heading)s:"] % {"heading": self.heading}
            return text.replace(f"{self.heading}:", chinese, 1)

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, MESSAGES["usage: "] if prefix is None else prefix)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = super()._get_help_string(action)
        if text is None:
            return None
        suffix = ""
        if text.endswith(_DEFAULT_SUFFIX):
            text, suffix = text[: -len(_DEFAULT_SUFFIX)], _default_suffix(action.default)
        return MESSAGES.get(text, text) + suffix

    def _metavar_formatter(self, action: argparse.Action,
                           default_metavar: str) -> Callable[[int], tuple[str, ...]]:
        if action.metavar is None and action.choices is not None:
            listed = "{" + "、".join(map(str, action.choices)) + "}"
            return lambda size: (listed,) * size
        return super()._metavar_formatter(action, default_metavar)


FormatterFactory = Callable[..., argparse.HelpFormatter]
_MIXED: dict[type[argparse.HelpFormatter], type[argparse.HelpFormatter]] = {
    argparse.HelpFormatter: ChineseHelpFormatter,
}


def _chinese_formatter(factory: FormatterFactory) -> FormatterFactory:
    """`factory` mixed with ChineseHelpFormatter (one class per factory, made once);
    a factory that is not a HelpFormatter class is left as given."""
    cls: object = factory
    if not isinstance(cls, type) or not issubclass(cls, argparse.HelpFormatter):
        return factory
    if cls not in _MIXED and not issubclass(cls, ChineseHelpFormatter):
        _MIXED[cls] = type(f"Chinese{cls.__name__}", (ChineseHelpFormatter, cls), {})
    return _MIXED.get(cls, cls)


class ChineseArgumentParser(argparse.ArgumentParser):
    """ArgumentParser that prints Chinese: help, usage, errors, warnings.

    add_subparsers() makes sub-parsers of this same class (argparse's default
    parser_class is type(self)), so they speak Chinese too."""

    @property
    def formatter_class(self) -> FormatterFactory:
        return self._chinese_formatter_class

    @formatter_class.setter
    def formatter_class(self, factory: FormatterFactory) -> None:
        # A property, so any formatter_class, given to __init__ or set later, is mixed.
        self._chinese_formatter_class = _chinese_formatter(factory)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        args = {"prog": self.prog, "message": translate(message)}
        self.exit(2, MESSAGES["%(prog)s: error: %(message)s\n"] % args)

    def _warning(self, message: str) -> None:
        """3.13+ warns here about deprecated options and commands."""
        args = {"prog": self.prog, "message": translate(message)}
        self._print_message(MESSAGES["%(prog)s: warning: %(message)s\n"] % args, sys.stderr)


class _VersionWhenAsked(argparse.Action):
    """`--version`, its text computed only when asked (reading the installed metadata
    costs tens of milliseconds that every other command would pay)."""

    def __init__(self, option_strings: list[str], version: Callable[[], str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)
        self.version = version

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        parser._print_message(self.version() + "\n", sys.stdout)
        parser.exit()


def add_version(parser: argparse.ArgumentParser, version: Callable[[], str]) -> argparse.Action:
    """`--version`: prints `version()` to stdout and exits 0, with Chinese help."""
    return parser.add_argument("--version", action=_VersionWhenAsked, version=version,  # type: ignore[arg-type]  # our action takes a callable
                               help=MESSAGES["show program's version number and exit"])
