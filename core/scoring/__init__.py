"""Scores: suggested indicator scores, 一级 subtotals, 总分, 等级, and 附件5 items.

The numbers that differ between regions (weights, grade bands, the 定性 vocabulary)
are the form's; these modules only apply them.
"""

from core.scoring.assessment import CalendarGap, assessment_items, workdays_late
from core.scoring.grades import OVER_FULL, OVER_WEIGHT, grade_for, grade_withheld, level1_subtotals
from core.scoring.indicators import judge_indicators

__all__ = ["judge_indicators", "level1_subtotals", "grade_for", "grade_withheld", "OVER_FULL", "OVER_WEIGHT",
           "assessment_items", "workdays_late", "CalendarGap"]
