"""core.diff: what a resubmission changed, in the form's words, rows paired by their names."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.diff import diff_reports, excerpt


def _resubmitted(reference: Any) -> Any:
    new = reference.copy()
    new.set("budget.executed", Decimal("180"))
    rows = new.get("self_eval.indicators")
    rows[0]["score"] = 4
    rows.insert(3, {"level1": "产出指标", "level2": "数量指标", "name": "举办招商推介会", "target": "≥2次",
                    "actual": "3次", "weight": 0, "score": 0, "deviation": "无偏差"})
    new.set("performance.summary", new.get("performance.summary").replace("资金管理规范", "资金管理较规范"))
    new.get("basic_data.costs.project_others")[0]["final"] = Decimal("1.5")
    return new


def test_the_same_report_has_no_differences(reference: Any) -> None:
    assert diff_reports(reference, reference.copy()).same


def test_changes_are_named_in_the_form_s_words(reference: Any) -> None:
    diff = diff_reports(reference, _resubmitted(reference))
    changes = {c.label: (c.what, c.old, c.new) for c in diff.changes}
    assert changes["二 一般公共预算 · 全年执行数"] == ("changed", "194.72", "180")
    assert changes["附件2 · 产出指标 · 新签约项目 · 得分"] == ("changed", "5", "4")
    # an inserted row is one row added, not every later row changed (rows paired by 三级指标)
    assert changes["附件2 · 产出指标 · 举办招商推介会"][0] == "added"
    assert sum(1 for c in diff.changes if c.path.startswith("self_eval.indicators")) == 2
    assert changes["附件1 · 其他项目支出 · 招商引资 · 本年决算数"] == ("changed", "0", "1.5")
    what, old, new = changes["六 绩效情况 · 总体情况"]
    assert (what, old, new) == ("changed", "…极履职，资金管理规范，资产管理到…", "…极履职，资金管理较规范，资产管理到…")


def test_figures_and_findings_that_moved(reference: Any) -> None:
    diff = diff_reports(reference, _resubmitted(reference))
    figures = {c.label: (c.old, c.new) for c in diff.figures}
    assert figures["预算执行率"] == ("100%", "92.44%")
    assert figures["总分"] == ("98", "96.24") and "等级" not in figures  # still 优
    appeared = [c.finding for c in diff.findings if c.what == "appeared"]
    assert any(f.id == "budget.executed_split" for f in appeared)
    assert any(f.id == "indicator.deviation" for f in appeared)
    back = diff_reports(_resubmitted(reference), reference)
    assert {c.finding.id for c in back.findings if c.what == "gone"} >= {"budget.executed_split"}


def test_keys_the_form_does_not_know_are_compared_too(reference: Any) -> None:
    new = reference.copy()
    new.data["attachments_note"] = "另附说明一份"
    [change] = diff_reports(reference, new).changes
    assert (change.path, change.what, change.new) == ("attachments_note", "added", "另附说明一份")


def test_excerpt_shows_the_stretch_that_differs() -> None:
    old = "甲" * 50 + "乙丙" + "丁" * 50
    new = "甲" * 50 + "乙戊丙" + "丁" * 50
    assert excerpt(old, new) == ("…" + "甲" * 7 + "乙丙" + "丁" * 7 + "…", "…" + "甲" * 7 + "乙戊丙" + "丁" * 7 + "…")
    assert excerpt("短", "长") == ("短", "长")
