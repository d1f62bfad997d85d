"""argparse's own words, as a clerk sees them from a jixiao-shaped parser, are Chinese.

Run against the running Python's argparse: the msgid walk at the end fails on a Python
whose argparse has a message tui.cli.argparse_zh does not translate, instead of leaking English.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import re
import sys
from pathlib import Path

import pytest

from tui.cli.argparse_zh import MESSAGES, ChineseArgumentParser, add_version, translate

ENGLISH = ["usage", "positional arguments", "options", "show this help", "error", "required",
           "invalid", "expected", "unrecognized", "choose from", "argument"]
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[sr]")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # 汉字 and ：（）


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text.lower()]


def build_parser() -> ChineseArgumentParser:
    """Shaped like tui.cli.build_parser: sub-commands, a positional file, --json, a repeated
    required --to, a choice option, int options, a mutually exclusive pair."""
    parser = ChineseArgumentParser(prog="jixiao", description="绩效：部门整体支出绩效自评报告",
                                   epilog="退出码：0 无错误，1 有错误，2 无法运行")
    add_version(parser, lambda: "jixiao 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    p = sub.add_parser("new", help="新建报告")
    p.add_argument("file", help="要创建的报告文件")
    p.add_argument("--year", type=int, metavar="年度", help="年度（默认为上一年）")
    only = p.add_mutually_exclusive_group()
    only.add_argument("--sample", action="store_true", help="用内置示例")
    only.add_argument("--from", dest="from_file", metavar="LAST.toml", help="由上年报告结转")
    p = sub.add_parser("check", help="检查报告")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--jobs", type=int, metavar="N", help="并行数")
    p = sub.add_parser("export", help="导出")
    p.add_argument("file")
    p.add_argument("--to", action="append", required=True, metavar="OUT", help="输出文件，可重复")
    p.add_argument("--format", choices=["xlsx", "docx", "md"], help="格式")
    return parser


@pytest.fixture(autouse=True)
def _columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # argparse wraps at the terminal's width


def run(capsys: pytest.CaptureFixture[str], parser: argparse.ArgumentParser,
        *argv: str) -> tuple[int | str | None, str, str]:
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(list(argv))
    out, err = capsys.readouterr()
    return exited.value.code, out, err


@pytest.mark.parametrize("argv", [["-h"], ["new", "-h"], ["check", "--help"], ["export", "-h"]])
def test_help_is_chinese(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, build_parser(), *argv)
    assert (code, err) == (0, "")
    assert out.startswith("用法：jixiao")
    assert "\n位置参数：\n" in out and "\n选项：\n" in out and "显示帮助并退出" in out
    assert english_in(out) == []


def test_sub_parsers_are_chinese_and_top_help_lists_version(
        capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert {type(p) for p in sub.choices.values()} == {ChineseArgumentParser}
    assert "--version   显示版本号并退出" in parser.format_help()


def test_version_prints_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, build_parser(), "--version") == (0, "jixiao 0.1.0\n", "")


@pytest.mark.parametrize(("argv", "prog", "message"), [
    (["export", "a.toml"], "jixiao export", "缺少必需的参数：--to"),
    (["check"], "jixiao check", "缺少必需的参数：file"),
    (["check", "a.toml", "--bogus"], "jixiao", "无法识别的参数：--bogus"),
    (["check", "a.toml", "--jobs", "四"], "jixiao check", "参数 --jobs：不是有效的整数：'四'"),
    (["new", "a.toml", "--year", "x"], "jixiao new", "参数 --year：不是有效的整数：'x'"),
    (["export", "a", "--to", "o", "--format", "pdf"], "jixiao export",
     "参数 --format：无效的取值：'pdf'"),
    (["chek", "a.toml"], "jixiao", "参数 命令：无效的取值：'chek'"),
    (["export", "a.toml", "--to"], "jixiao export", "参数 --to：需要一个参数值"),
    (["check", "a.toml", "--j"], "jixiao check", "选项不明确：--j 可以是 --json, --jobs"),
    (["new", "a", "--sample", "--from", "b"], "jixiao new", "参数 --from：不能与参数 --sample 同时使用"),
    (["check", "a.toml", "--json=yes"], "jixiao check", "参数 --json：此选项不接受值：'yes'"),
])
def test_errors_are_chinese_and_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str],
                                       prog: str, message: str) -> None:
    code, out, err = run(capsys, build_parser(), *argv)
    assert (code, out) == (2, "")
    assert err.startswith(f"用法：{prog} ")
    assert err.rstrip("\n").splitlines()[-1].startswith(f"{prog}：错误：{message}")
    assert english_in(err) == []


def test_less_common_errors(capsys: pytest.CaptureFixture[str]) -> None:
    def four_digits(text: str) -> int:
        if len(text) != 4:
            raise argparse.ArgumentTypeError("年度必须是四位数字")
        return int(text)

    parser = ChineseArgumentParser(prog="t")
    parser.add_argument("--pair", nargs=2)
    parser.add_argument("--many", nargs="+")
    parser.add_argument("--year", type=four_digits)
    parser.add_argument("--count", type=lambda text: int(text))
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--a", action="store_true")
    group.add_argument("--b", action="store_true")
    for argv, message in [([], "必须提供以下参数之一：--a --b"),
                          (["--a", "--pair", "1"], "参数 --pair：需要 2 个参数值"),
                          (["--a", "--many"], "参数 --many：至少需要一个参数值"),
                          (["--a", "--year", "25"], "参数 --year：年度必须是四位数字"),
                          (["--a", "--count", "x"], "参数 --count：不是有效的值：'x'")]:
        code, _out, err = run(capsys, parser, *argv)
        assert (code, err.splitlines()[-1]) == (2, f"t：错误：{message}")


def test_defaults_formatter_and_choice_metavar(capsys: pytest.CaptureFixture[str]) -> None:
    parser = ChineseArgumentParser(prog="t", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--jobs", type=int, default=4, help="并行数")
    parser.add_argument("--quiet", action="store_true", help="安静")
    parser.add_argument("--unit", help="单位")
    parser.add_argument("--format", choices=["xlsx", "docx"], default="xlsx", help="格式")
    text = parser.format_help()
    assert "并行数（默认：4）" in text and "安静（默认：否）" in text
    assert "单位\n" in text and "{xlsx、docx}" in text
    assert "default" not in text and english_in(text) == []


@pytest.mark.skipif(sys.version_info < (3, 13), reason="deprecated= arrived in Python 3.13")
def test_deprecation_warning_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    parser = ChineseArgumentParser(prog="t")
    parser.add_argument("--old", deprecated=True)  # type: ignore[call-arg,unused-ignore]
    parser.parse_args(["--old", "1"])
    assert capsys.readouterr().err == "t：警告：选项 '--old' 已弃用\n"


def test_no_global_patch() -> None:
    """argparse's gettext is untouched, so other parsers in the process stay as they were."""
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]
    assert argparse.ArgumentParser(prog="p").format_usage() == "usage: p [-h]\n"


def test_translate_passes_other_text_through() -> None:
    assert translate("年度必须是四位数字") == "年度必须是四位数字"
    assert translate("argument --x: 自定义消息") == "参数 --x：自定义消息"
    assert translate("expected 3 arguments") == translate("expected 3 argument") == "需要 3 个参数值"


def argparse_msgids() -> set[str]:
    """Every msgid the running argparse passes to gettext `_` or `ngettext` (both forms).

    A regex finds every call site in the source text; ast reads each call's literal
    arguments (a regex cannot join implicitly concatenated literals). The two must agree
    on the number of call sites, so no call is skipped, and any argument that is not a
    literal fails the test rather than being ignored."""
    source = Path(argparse.__file__).read_text("utf-8")
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Name) and node.func.id in {"_", "ngettext"}]
    # (`def _(message)`: Debian's argparse defines its own fallbacks, not call sites)
    assert len(calls) == len(re.findall(r"(?<!def )(?<![\w.])(?:_|ngettext)\(", source))
    msgids: set[str] = set()
    for call in calls:
        assert isinstance(call.func, ast.Name)
        for arg in call.args[: 2 if call.func.id == "ngettext" else 1]:
            if isinstance(arg, ast.Call) and len(arg.args) == 2:
                arg = arg.args[1]  # 3.11/3.12: _(kwargs.pop('title', 'subcommands'))
            if isinstance(arg, ast.Constant) and arg.value is None:
                continue  # 3.11/3.12: _(kwargs.pop('description', None))
            assert isinstance(arg, ast.Constant) and isinstance(arg.value, str), call.lineno
            msgids.add(arg.value)
    return msgids


def test_every_argparse_msgid_is_translated() -> None:
    msgids = argparse_msgids()
    assert len(msgids) > 30 and "usage: " in msgids
    assert sorted(msgids - MESSAGES.keys()) == []


@pytest.mark.parametrize("msgid", sorted(MESSAGES))
def test_translation_keeps_placeholders_and_is_chinese(msgid: str) -> None:
    chinese = MESSAGES[msgid]
    def placeholders(text: str) -> list[str]:
        return sorted(m[0] for m in PLACEHOLDER.finditer(text))

    assert placeholders(chinese) == placeholders(msgid)
    assert CJK.search(chinese) and (chinese.endswith("\n") == msgid.endswith("\n"))
    if "%" not in msgid or msgid.startswith(("%(heading)", "%(prog)", " (default")):
        return  # frames: filled by the formatter or error(), never matched
    samples = [f"'X{i}'" for i, m in enumerate(PLACEHOLDER.finditer(msgid)) if m[1] != "type"]
    values = iter(samples)
    english = PLACEHOLDER.sub(lambda m: "int" if m[1] == "type" else next(values), msgid)
    result = translate(english)
    assert CJK.search(result) and all(sample in result for sample in samples), result
