"""The session without a terminal: blank is absent, rows keep their identity, undo steps,
the file on disk checked before a save, recovery and the lock."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from core.lock import lock_path
from core.storage import load
from tui.editor.session import DiskChanged, RecoveryProblem, Session


@pytest.fixture
def session(report_file: Path) -> Session:
    opened = Session.open(report_file)
    yield opened
    opened.close()


def test_blank_commits_as_absent_not_the_last_prefix(session: Session, report_file: Path) -> None:
    address = session.address("unit.short_name")
    for prefix in ("君", "君山", ""):  # typed, then erased
        session.edit(address, prefix or None)
    session.commit(address, None)
    session.save()
    assert load(report_file).get("unit.short_name") is None


def test_row_address_survives_moves_and_inserts(session: Session) -> None:
    address = session.address("problems[1].title")
    session.add_row("problems", 0, {})
    session.move_row("problems", 2, 1)
    assert session.resolve(address) == "problems[3].title"
    session.commit(address, "late keystrokes land in their row")
    assert session.get("problems[3].title") == "late keystrokes land in their row"
    session.delete_row("problems", 3)
    assert session.resolve(address) is None
    assert not session.edit(address, "gone")  # a message for a deleted row is dropped


def test_a_string_item_blanked_stays_an_item(session: Session) -> None:
    address = session.address("profile.functions[0]")
    session.commit(address, None)
    assert len(session.rows("profile.functions")) == 9 and session.get("profile.functions[0]") == ""


def test_undo_redo_field_and_rows(session: Session) -> None:
    address = session.address("budget.personnel")
    for text in ("9", "93", "93.1"):
        session.edit(address, Decimal(text))
    session.commit(address, Decimal("93.13"))
    session.add_row("measures", 3, {"title": "新措施"})
    assert len(session.rows("measures")) == 4
    session.undo()
    assert len(session.rows("measures")) == 3
    change = session.undo()
    assert change is not None and session.get("budget.personnel") == Decimal("93.08")  # one step, not four
    session.redo()
    assert session.get("budget.personnel") == Decimal("93.13")
    assert not session.dirty or session.get("budget.personnel") != Decimal("93.08")


def test_undo_back_to_saved_is_not_dirty(session: Session) -> None:
    address = session.address("unit.short_name")
    session.commit(address, "改")
    assert session.dirty
    session.undo()
    assert not session.dirty


def test_save_refuses_a_file_changed_on_disk(session: Session, report_file: Path) -> None:
    session.commit(session.address("unit.short_name"), "我的修改")
    text = report_file.read_text(encoding="utf-8").replace("君山区贸促会", "别人的修改")
    other = report_file.with_name("other.toml")
    other.write_text(text, encoding="utf-8")
    os.replace(other, report_file)  # as sed -i does
    with pytest.raises(DiskChanged):
        session.save()
    assert load(report_file).get("unit.short_name") == "别人的修改"  # not overwritten
    session.save(force=True)
    assert load(report_file).get("unit.short_name") == "我的修改"


def test_reload_takes_the_disk_version(session: Session, report_file: Path) -> None:
    session.commit(session.address("unit.short_name"), "我的修改")
    report_file.write_text(report_file.read_text(encoding="utf-8").replace("君山区贸促会", "磁盘"),
                           encoding="utf-8")
    session.reload()
    assert session.get("unit.short_name") == "磁盘" and not session.dirty and not session.changed_on_disk()


def test_recovery_write_read_and_corrupt_set_aside(session: Session) -> None:
    session.commit(session.address("unit.short_name"), "恢复")
    assert session.write_recovery() == session.recovery
    assert session.read_recovery().get("unit.short_name") == "恢复"
    session.recovery.write_text("schema = [", encoding="utf-8")
    with pytest.raises(RecoveryProblem) as problem:
        session.read_recovery()
    assert not session.recovery.exists()
    assert problem.value.moved_to is not None and problem.value.moved_to.exists()


def test_second_session_is_told_and_first_lock_released(report_file: Path) -> None:
    first = Session.open(report_file)
    second = Session.open(report_file)
    assert first.other_holder is None and second.other_holder is not None
    second.close()
    assert lock_path(report_file).exists()
    first.close()
    assert not lock_path(report_file).exists()


def test_save_as_moves_the_session(session: Session, report_file: Path, tmp_path: Path) -> None:
    session.commit(session.address("unit.short_name"), "副本")
    target = tmp_path / "copy.toml"
    session.save_as(target)
    assert session.path == target and load(target).get("unit.short_name") == "副本"
    assert load(report_file).get("unit.short_name") == "君山区贸促会"
    assert lock_path(target).exists() and not lock_path(report_file).exists()


def test_create_writes_a_new_file(tmp_path: Path, reference_path: Path) -> None:
    from core.newreport import blank_report

    target = tmp_path / "new.toml"
    created = Session.create(blank_report("测试单位", 2025), target)
    try:
        assert load(target).get("unit.name") == "测试单位" and not created.dirty
    finally:
        created.close()
