"""Realistic report files at any count, with known faults, for batch tests and the bench.

A county bureau's folder holds reports of every size: a 3-person 贸促会 and a
200-person 教育局, a handful or a few dozen 三级指标, some with mistakes and a few
that cannot be read at all. Each generated file carries what a correct checker must
say about it (readable or not, how many errors, a word of the reason), so a test can
compare `jixiao batch` with the truth instead of with itself.

Built from the reference report (its narrative text is kept: realistic sizes), with
the figures redrawn so that a clean report is clean by construction: every split
adds up, 附件1 agrees with 正文, weights fill 50 / 30 / 10, a score below its weight
has a deviation text. Deterministic for a given seed.
"""

from __future__ import annotations

import copy
import random
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli_w

REFERENCE = Path(__file__).resolve().parents[1] / "forms" / "sample-junshan-ccpit-2024.toml"

_PLACES = ["君山区", "岳阳楼区", "云溪区", "华容县", "湘阴县", "平江县", "汨罗市", "临湘市", "屈原管理区"]
_OFFICES = [
    ("教育局", 200), ("卫生健康局", 120), ("财政局", 60), ("发展和改革局", 40), ("住房和城乡建设局", 50),
    ("农业农村局", 70), ("自然资源局", 45), ("文化旅游广电体育局", 35), ("贸促会", 8), ("档案馆", 6),
    ("科学技术协会", 5), ("妇女联合会", 7), ("统计局", 15), ("审计局", 25), ("司法局", 30),
]
_OUTPUT_ROWS = [
    ("数量指标", "举办培训班", "≥{t}期", "{a}期"), ("数量指标", "新签约项目", "≥{t}个", "{a}个"),
    ("数量指标", "开展督查检查", "≥{t}次", "{a}次"), ("质量指标", "验收合格率", "≥{t}%", "{a}%"),
    ("质量指标", "资料归档率", "＝100%", "＝100%"), ("时效指标", "任务完成及时率", "≥{t}%", "{a}%"),
    ("成本指标", "预算控制率", "≦100%", "≦100%"), ("数量指标", "服务企业", "≥{t}家", "{a}家"),
]
_EFFECT_ROWS = [
    ("经济效益指标", "带动地方经济发展", "定性", "达成年度指标"),
    ("社会效益指标", "群众知晓率", "≥{t}%", "{a}%"),
    ("社会效益指标", "政策宣传覆盖面", "定性", "达成年度指标"),
    ("可持续影响指标", "长效机制建立", "定性", "达成年度指标"),
]


@dataclass(frozen=True)
class Generated:
    """One file to write, and what checking it must give."""

    name: str
    payload: bytes
    readable: bool
    errors: int  # expected error count (0 for an unreadable file)
    reason: str  # a word the message must hold: the error id, or the refusal's key words


def _reference() -> dict[str, Any]:
    with REFERENCE.open("rb") as handle:
        return tomllib.load(handle, parse_float=Decimal)


def _money(cents: int) -> Decimal:
    return Decimal(cents) / 100


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """`parts` whole weights of at least 1 that add up to `total`."""
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


def _indicator(rng: random.Random, level1: str, shape: tuple[str, str, str, str], weight: int) -> dict[str, Any]:
    level2, name, target_text, actual_text = shape
    row: dict[str, Any] = {"level1": level1, "level2": level2, "name": name, "weight": weight}
    if "{t}" in target_text:
        target = rng.randint(5, 95)
        short = rng.random() < 0.2
        actual = rng.randint(max(1, target // 2), target - 1) if short else rng.randint(target, target + target // 10)
        row["target"], row["actual"] = target_text.format(t=target), actual_text.format(a=actual)
        if short:
            row["score"] = (Decimal(weight) * actual / target).quantize(Decimal("0.01"))
            row["deviation"] = "受客观因素影响未完全达到目标，下年将加强调度"
        else:
            row["score"], row["deviation"] = weight, "无偏差"
    else:
        row["target"], row["actual"], row["score"], row["deviation"] = target_text, actual_text, weight, "无偏差"
    return row


def clean_report(rng: random.Random, base: dict[str, Any], index: int) -> dict[str, Any]:
    """A report with no errors by construction (warnings may remain, as in real life)."""
    data = copy.deepcopy(base)
    place, (office, staff) = rng.choice(_PLACES), rng.choice(_OFFICES)
    data["unit"] = {"name": f"{place}{office}（{index:04d}）", "short_name": f"{place}{office}",
                    "year": rng.choice([2023, 2024, 2024, 2024])}
    if rng.random() < 0.5:
        data["unit"].update(filled_by="李明", phone="0730-8888888", head="王强")
    basic = rng.randint(staff * 8_00, staff * 20_00)
    project = rng.randint(0, basic * 2)
    executed_project = project - rng.randint(0, project // 5)
    personnel = basic * rng.randint(55, 80) // 100
    public = basic - personnel
    other_source = rng.randint(0, min(50_00, basic))
    b = data["budget"]
    b.update(initial=_money(basic), total=_money(basic + project), basic=_money(basic),
             project=_money(project), executed=_money(basic + executed_project),
             executed_basic=_money(basic), executed_project=_money(executed_project),
             personnel=_money(personnel), public=_money(public))
    b["sources"] = {"general_public": _money(basic + project - other_source), "other": _money(other_source)}
    costs = data["basic_data"]["costs"]
    costs["public"] = {"prev": _money(public), "budget": _money(public), "final": _money(public)}
    for key, share in (("office", 20), ("utilities_travel", 15), ("meetings_training", 5)):
        amount = _money(public * share // 100)
        costs[key] = {"prev": amount, "budget": amount, "final": amount}
    costs["project_business"] = {"prev": Decimal(0), "budget": _money(project), "final": _money(executed_project)}
    costs["basic_adjustment"] = {"prev": _money(basic), "budget": _money(basic), "final": _money(basic)}
    costs["procurement"] = {"prev": _money(public // 4), "budget": _money(public // 4), "final": _money(public // 5)}
    data["basic_data"]["staffing"] = {"quota": staff, "actual": staff - rng.randint(0, max(1, staff // 10))}
    rows: list[dict[str, Any]] = []
    for level1, shapes, total in (("产出指标", _OUTPUT_ROWS, 50), ("效益指标", _EFFECT_ROWS, 30)):
        count = rng.randint(3, len(shapes))
        for shape, weight in zip(rng.sample(shapes, count), _split(rng, total, count), strict=True):
            rows.append(_indicator(rng, level1, shape, weight))
    rows.append(_indicator(rng, "满意度指标", ("服务对象满意度指标", "服务对象满意度", "≥{t}%", "{a}%"), 10))
    data["self_eval"]["indicators"] = rows
    return data


def _break_split(data: dict[str, Any]) -> None:
    data["budget"]["basic"] += Decimal("1.5")


def _break_score(data: dict[str, Any]) -> None:
    row = data["self_eval"]["indicators"][0]
    row["score"] = row["weight"] + Decimal("0.5")  # above its weight, within the column's max of 100


def _break_negative(data: dict[str, Any]) -> None:
    data["basic_data"]["costs"]["procurement"]["final"] = Decimal("-12.5")


def _break_text(data: dict[str, Any]) -> None:
    data.pop("disclosure", None)


# Each fault gives exactly one error, with this id (tests/batch checks the claim).
FAULTS: dict[str, Callable[[dict[str, Any]], None]] = {
    "budget.split": _break_split,
    "indicator.score_range": _break_score,
    "money.range": _break_negative,
    "text.missing": _break_text,
}


def _dump(data: dict[str, Any]) -> bytes:
    return tomli_w.dumps(data).encode("utf-8")


def _unreadable(rng: random.Random, data: dict[str, Any]) -> tuple[bytes, str]:
    """A file `load` must refuse, and a word its message must hold."""
    kind = rng.randrange(6)
    if kind == 0:
        text = _dump(data)
        cut = text.rindex(b"\n", 0, rng.randrange(len(text) // 4, len(text) // 2))  # whole characters
        return text[:cut] + '\n[unit\nname = "未闭合'.encode(), "不是有效的 TOML"
    if kind == 1:
        data["unit"]["year"] = "二〇二四"
        return _dump(data), "封面 · 年度"
    if kind == 2:
        data["self_eval"]["indicators"][0]["weight"] = "五"
        return _dump(data), "分值"
    if kind == 3:
        data["form"] = "hunan-departmnet"
        return _dump(data), "未知的表单类型"
    if kind == 4:
        data["schema"] = 7
        return _dump(data), "schema = 7"
    text = _dump(data)
    at = text.index(b"name = ") + 8
    return text[:at] + b"\xb9\xfa\xbc\xd2" + text[at:], "不是 UTF-8"  # GBK bytes of 国家


def generate(count: int, seed: int = 5, broken: float = 0.1, faulty: float = 0.25) -> list[Generated]:
    """`count` reports: about `broken` of them unreadable, `faulty` with 1–3 known errors."""
    rng = random.Random(seed)
    base = _reference()
    unreadable = set(rng.sample(range(count), round(count * broken)))
    out: list[Generated] = []
    for index in range(count):
        data = clean_report(rng, base, index)
        name = f"report-{index:04d}.toml"
        if index in unreadable:
            payload, reason = _unreadable(rng, data)
            out.append(Generated(name, payload, False, 0, reason))
            continue
        errors, reason = 0, ""
        if rng.random() < faulty:
            chosen = rng.sample(sorted(FAULTS), rng.randint(1, 3))
            for fault in chosen:
                FAULTS[fault](data)
            errors, reason = len(chosen), chosen[0]
        out.append(Generated(name, _dump(data), True, errors, reason))
    return out


def write_reports(folder: Path, count: int, seed: int = 5, **options: float) -> list[tuple[Path, Generated]]:
    """Write the reports into `folder` (spread over a few sub-folders, as bureaus file them)."""
    written: list[tuple[Path, Generated]] = []
    for index, item in enumerate(generate(count, seed, **options)):
        sub = folder / f"batch-{index // 250:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / item.name
        path.write_bytes(item.payload)
        written.append((path, item))
    return written
