"""Tests that drive real outside programs (LibreOffice, tmux) and what to do when one is missing.

Such a test carries a marker (`libreoffice`, `tmux`). Where the program is missing it
is skipped, and the run ends with one line naming the skipped groups and how to
install them; under CI=true a missing program is a failure, because CI installs both
(.ci/run) and a green run that checked nothing would be a lie.
"""

from __future__ import annotations

import os
import shutil
from typing import NamedTuple

__all__ = ["GROUPS", "Group", "missing", "in_ci"]


class Group(NamedTuple):
    marker: str
    programs: tuple[str, ...]  # any one of them will do
    install: str
    what: str


GROUPS = {
    "libreoffice": Group("libreoffice", ("soffice", "libreoffice"),
                         "apt-get install libreoffice-calc libreoffice-writer poppler-utils fonts-noto-cjk",
                         "用 LibreOffice 重算工作簿、把文档转为 PDF"),
    "tmux": Group("tmux", ("tmux",), "apt-get install tmux", "在真实终端中运行编辑器"),
}


def missing(group: Group) -> bool:
    return not any(shutil.which(program) for program in group.programs)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"
