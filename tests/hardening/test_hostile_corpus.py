"""No input sinks a command: every command against every hostile case (issue 13).

For each case of tests/hardening/hostile_cases.py one driver process runs `check`,
`score`, `show`, `export` to each format, `import`, `batch` and `new --from`, under
`resource` limits (1.5 GB of address space, 120 s of CPU) and an alarm per command.
Each must give the exit status the README documents, say why in Chinese, print no
traceback and no raw control, escape or bidi character, and leave the case's folder as
it was: nothing written where it refused, nothing but its own output where it ran, no
temp file anywhere. Output targets that are not regular files (a FIFO, a symlink to
/dev/zero, a dangling link, a folder) are refused the same way, without waiting.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from core.visible import has_controls
from tests.conftest import REFERENCE, ROOT
from tests.hardening.hostile_cases import BOOK, LOADS, Case, build, expected

COMMAND_SECONDS = 60
MEMORY = 1536 * 1024 * 1024
FORMATS = ("toml", "md", "docx", "xlsx")
COMMANDS = ("check", "check-json", "score", "score-json", "show", *(f"export-{f}" for f in FORMATS), "import",
            "batch", "batch-json", "new-from")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (120, 120))


def _run_driver(commands: list[dict[str, Any]], work: Path) -> list[dict[str, Any]]:
    spec, results = work / "commands.json", work / "results.json"
    spec.write_text(json.dumps(commands, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "COLUMNS": "80", "PYTHONIOENCODING": "utf-8:strict"}
    done = subprocess.run([sys.executable, "-m", "tests.hardening.hostile_driver", str(spec), str(results)],
                          cwd=ROOT, env=env, capture_output=True, text=True, preexec_fn=_limits,
                          timeout=COMMAND_SECONDS * len(commands) + 60)
    assert done.returncode == 0 and results.exists(), done.stderr[-3000:]
    loaded: list[dict[str, Any]] = json.loads(results.read_text(encoding="utf-8"))
    return loaded


def _argv(command: str, case: Case, out: Path) -> list[str]:
    source = str(case.path)
    if command in ("check-json", "score-json"):
        return [command.removesuffix("-json"), source, "--json"]
    if command.startswith("export-"):
        return ["export", source, "--to", str(out / f"out.{command.removeprefix('export-')}")]
    if command == "import":
        return ["import", source, "-o", str(out / "imported.toml")]
    if command == "batch-json":
        return ["batch", source, "--json", "--summary", str(out / "summary.xlsx")]
    if command == "new-from":
        return ["new", str(out / "next.toml"), "--from", source]
    return [command, source]


def _snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """What each entry is and its bytes (size for the sparse file), never following links."""
    out = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        kind = "link" if path.is_symlink() else "fifo" if path.is_fifo() else "dir" if path.is_dir() else "file"
        size = info.st_size if kind == "file" and info.st_size > 1 << 20 else hash(path.read_bytes()) \
            if kind == "file" else 0
        out[str(path.relative_to(folder))] = (kind, size, info.st_mtime_ns)
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("exported") / "reference.xlsx"
    done = subprocess.run([sys.executable, "-m", "tui.cli", "export", str(REFERENCE), "--to", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, exported: bytes) -> dict[str, Case]:
    return {case.name: case for case in build(tmp_path_factory.mktemp("hostile") / "cases", exported)}


def _names() -> list[str]:
    from tests.hardening.hostile_cases import SMALL, _from_reference

    special = ["fifo.toml", "dev-zero.toml", "dangling.toml", "folder.toml", "over-10-mb.toml"]
    books = ["map-range.xlsx", "map-cell-foo.xlsx", "map-cell-a1b3.xlsx", "map-key-dots.xlsx", "map-key-clash.xlsx",
             "map-key-form.xlsx", "map-kind.xlsx", "meta-form.xlsx", "meta-schema-99.xlsx", "cell-40000-chars.xlsx",
             "cell-10-mb.xlsx", "utf16-doctype.xlsx", "not-a-zip.xlsx", "a-word-file.xlsx", "strings-1.5m.xlsx"]
    return [*SMALL, *(case[0] for case in _from_reference()), *special, *books]


def test_every_case_is_listed(corpus: dict[str, Case]) -> None:
    assert sorted(corpus) == sorted(_names())


@pytest.mark.parametrize("name", _names())
def test_every_command_against_the_case(name: str, corpus: dict[str, Case], tmp_path: Path) -> None:
    case = corpus[name]
    out = tmp_path / "out"
    out.mkdir()
    before = _snapshot(case.path.parent)
    commands = [{"argv": _argv(command, case, out), "seconds": COMMAND_SECONDS} for command in COMMANDS]
    results = _run_driver(commands, tmp_path)
    assert _snapshot(case.path.parent) == before, "the case's folder must be left as it was"
    problems = []
    for command, result in zip(COMMANDS, results, strict=True):
        want = expected(case, command.removesuffix("-json"))
        said = result["stdout"] + result["stderr"]
        where = f"{command}: exit {result['code']} (want {want}): {said[-400:]!r}"
        if result["code"] != want:
            problems.append(where)
        if "Traceback" in said or "程序内部错误" in said or not _CJK.search(said):
            problems.append("not a Chinese message: " + where)
        if has_controls(said.replace("\r", "")):
            problems.append("raw control characters: " + where)
        if case.words and case.kind != LOADS and command == ("import" if case.kind == BOOK else "check"):
            if case.words not in said.replace("\n", ""):
                problems.append(f"message lacks {case.words!r}: " + where)
        written = sorted(p.name for p in out.iterdir())
        if any(part.endswith(".tmp") for part in written):
            problems.append(f"temp file left: {written}: " + where)
    if case.kind != BOOK and case.status in (0, 1) and case.words:
        printed = "".join(result["stdout"] for result in results).replace("\n", "").replace(" " * 8, "")
        if case.words not in printed:
            problems.append(f"neither check nor show says {case.words!r}")
    if expected(case, "import") == 2:
        assert not (out / "imported.toml").exists()
    if expected(case, "new-from") == 2:
        assert not (out / "next.toml").exists()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("target", ["fifo", "dev-zero", "dangling", "folder"])
def test_outputs_that_are_not_regular_files(target: str, tmp_path: Path) -> None:
    folder = tmp_path / "outs"
    folder.mkdir()
    suffixes = (*FORMATS, "summary.xlsx", "import.toml", "new.toml")
    made = []
    for suffix in suffixes:
        path = folder / f"{target}.{suffix}"
        if target == "fifo":
            os.mkfifo(path)
        elif target == "dev-zero":
            path.symlink_to("/dev/zero")
        elif target == "dangling":
            path.symlink_to(folder / f"nowhere.{suffix}")
        else:
            path.mkdir()
        made.append(path)
    exported = tmp_path / "book.xlsx"
    assert subprocess.run([sys.executable, "-m", "tui.cli", "export", str(REFERENCE), "--to", str(exported)],
                          cwd=ROOT, capture_output=True, timeout=300).returncode == 0
    commands = [{"argv": ["export", str(REFERENCE), "--to", str(path)], "seconds": COMMAND_SECONDS}
                for path in made[:len(FORMATS)]]
    commands += [
        {"argv": ["batch", str(REFERENCE), "--summary", str(made[len(FORMATS)])], "seconds": COMMAND_SECONDS},
        {"argv": ["import", str(exported), "-o", str(made[len(FORMATS) + 1]), "--force"], "seconds": COMMAND_SECONDS},
        {"argv": ["new", str(made[len(FORMATS) + 2]), "--year", "2025"], "seconds": COMMAND_SECONDS},
    ]
    before = _snapshot(folder)
    for result in _run_driver(commands, tmp_path):
        said = result["stderr"]
        assert result["code"] == 2, (result["argv"], said)
        assert "Traceback" not in said and ("不能作为输出文件" in said or "已存在" in said), (result["argv"], said)
    assert _snapshot(folder) == before
    if target == "dev-zero":
        assert Path("/dev/zero").is_char_device()
