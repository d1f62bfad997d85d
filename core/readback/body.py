"""The 正文 of a report read by its headings, and the figures inside its sentences.

The form says what the 正文 is: its sections in order with their labels (`一、…`), the
sub-sections with theirs (`（一）…`), which field each part holds, how a list is
numbered, how a record prints (`（{ordinal}）{title}。{cause}`), and which generated
sentences restate figures (`[templates]`). Read backwards:

- a paragraph is a heading when, numbering aside, it is a section's or a sub-section's
  label, so `1、 部门（单位）基本情况`, `（1） 、单位职能` and a heading typed as a plain bold
  paragraph are all found, and a lost heading only moves where the text goes;
- the paragraphs under a heading belong to its part; one that is a generated sentence
  filled in (whole, or inside a longer paragraph) gives the figures where its
  placeholders sit: data keys are read, computed values (执行率, 总分, 等级) kept to be
  compared with what the data gives;
- what is left is the part's field: a text, a list (one entry per paragraph, its
  numbering removed) or records (one per numbered paragraph; a paragraph without a
  number goes on the record before it).

Paragraphs that fit nowhere are reported with their place, never dropped.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, NamedTuple

from core.form import FormSpec, Section, section_short
from core.readback.collect import Collector, Stated
from core.readback.layout import cell_template
from core.readback.model import Line, Where
from core.readback.patterns import (
    ConvertError,
    Template,
    clean_text,
    compile_template,
    convert,
    is_blank,
    normalise,
    numbering_of,
    strip_numbering,
)
from core.values import ROLE_NAMES, fill, kind_of, placeholders

__all__ = ["read_body", "body_score"]

_PUNCT = re.compile(r"[，。；、《》“”（）()：:,;]")


class _Heading(NamedTuple):
    section: Section
    sub: int | None  # None: the section's own heading
    template: Template
    label: str


def _headings(spec: FormSpec, year: int | None) -> list[_Heading]:
    out = []
    for section in _body_sections(spec):
        label = strip_numbering(section.label)
        out.append(_Heading(section, None, cell_template(spec, label, "text", year), label))
        for i, sub in enumerate(section.subsections):
            if sub.get("label"):
                text = strip_numbering(sub["label"])
                out.append(_Heading(section, i, cell_template(spec, text, "text", year), text))
    return out


def _body_sections(spec: FormSpec) -> list[Section]:
    return [s for s in spec.sections if s.number and not s.attachment]


def _is_heading(heading: _Heading, text: str, year: int | None) -> bool:
    stripped = strip_numbering(text)
    mine = normalise(stripped)
    shown = normalise(fill(heading.label, lambda name: str(year) if name == "year" and year else ""))
    if mine == shown or heading.template.match(stripped) is not None:
        return True
    if len(shown) < 4 or "。" in text or not len(shown) * 0.7 <= len(mine) <= len(shown) * 1.3 + 4:
        return False
    matcher = difflib.SequenceMatcher(None, mine, shown)
    return matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85


def _find_heading(headings: list[_Heading], text: str, current: Section | None,
                  year: int | None) -> _Heading | None:
    if len(normalise(text)) > 80:
        return None
    ordered = sorted(headings, key=lambda h: (0 if current is not None and h.section.id == current.id
                                              and h.sub is not None else 1 if h.sub is None else 2))
    return next((h for h in ordered if _is_heading(h, text, year)), None)


_RUN_IN = re.compile(r"^[\s\u3000]*[：:。．.][\s\u3000]*")


def _run_in(headings: list[_Heading], line: Line, year: int | None) -> tuple[_Heading | None, Line | None]:
    """A heading with its text run on after a colon (`（一）单位职能：根据…`): the heading, the rest."""
    stripped = strip_numbering(line.text)
    if stripped == line.text:  # a run-in heading keeps its number; plain text never starts a part
        return None, None
    for heading in headings:
        label = fill(heading.label, lambda name: str(year) if name == "year" and year else "")
        if "{" in label or len(normalise(label)) < 4:
            continue
        found = compile_template(label, anchored=False).regex.match(stripped)
        if found is None:
            continue
        tail = _RUN_IN.match(stripped[found.end():])
        if tail is not None and stripped[found.end() + tail.end():].strip():
            rest = stripped[found.end() + tail.end():]
            return heading, line._replace(text=rest)
    return None, None


def body_score(spec: FormSpec, lines: list[Line]) -> int:
    """How many of the form's 正文 headings the paragraphs hold (to tell which form a file is)."""
    headings = _headings(spec, None)
    found = {(h.section.id, h.sub) for line in lines if not is_blank(line.text)
             for h in [_find_heading(headings, line.text, None, None)] if h is not None}
    return len(found)


class _Part(NamedTuple):
    section: Section
    sub: int
    heading: Line | None


class _Body:
    def __init__(self, spec: FormSpec, out: Collector, year: int | None) -> None:
        self.spec, self.out, self.year = spec, out, year

    def kinds(self, template: str) -> tuple[tuple[str, str], ...]:
        return tuple((name, "ordinal" if name in ("n", "ordinal") else kind_of(name, self.spec))
                     for name in placeholders(template))

    def fixed(self) -> tuple[tuple[str, str], ...]:
        known: list[tuple[str, str]] = []
        for name in ROLE_NAMES:
            path = self.spec.role(name)
            if path and self.out.has(path):
                known.append((name, str(self.out.reads[path].value)))
        year = self.out.reads.get(self.spec.role("year") or "")
        if year is not None and isinstance(year.value, int):
            known.append(("prev_year", str(year.value - 1)))
        return tuple(known)

    def values(self, template: str, found: dict[str, str], where: Where, section: Section) -> None:
        """A generated sentence's placeholders: data keys read, computed figures kept to compare."""
        for name, text in found.items():
            if name in ROLE_NAMES:
                path = self.spec.role(name)
                if path and name != "prev_year":
                    self._put(path, text, "year" if name == "year" else "text", where)
            elif name in self.spec.fields:
                self._put(name, text, self.spec.fields[name].type, where)
            elif name.split(".")[0] in ("calc", "score", "review", "form"):
                caption = f"{section_short(section)} · {self._caption(template, name)}"
                self.out.state(Stated(name, text, where, caption))

    def _put(self, path: str, text: str, kind: str, where: Where) -> None:
        try:
            value = convert(text, kind)
        except ConvertError as exc:
            self.out.bad(where, text, str(exc), path)
            return
        self.out.put(path, value, where)

    def _caption(self, template: str, name: str) -> str:
        computed = next((c for c in self.spec.computed if f"calc.{c.id}" == name), None)
        if computed is not None:
            return computed.label
        before = template.split("{" + name + "}")[0]
        before = re.sub(r"\{[^{}]*\}", "", before)
        pieces = [piece for piece in _PUNCT.split(before) if piece.strip()]
        return pieces[-1].strip() if pieces else name

    def section(self, section: Section, parts: dict[int, list[Line]], heading: Line | None) -> None:
        where = heading.where if heading is not None else Where("正文")
        if section.kind == "records" and section.list_id:
            lines = [line for sub in sorted(parts) for line in parts[sub]]
            self.records(section, lines, where)
            return
        subs = section.subsections or tuple({"field": path} for path in section.fields[:1])
        if not section.subsections and len(section.fields) > 1:
            self.out.notes.append(f"{section.label}：各段均读入“{self.spec.fields[section.fields[0]].label}”")
        pool = self.pool(section, subs)
        for i, sub in enumerate(subs):
            texts: list[Line] = []
            for line in parts.get(i, []):
                rest = self.sentences(section, pool, line)
                if rest is not None and not is_blank(rest.text):
                    texts.append(rest)
            field = sub.get("field")
            if field is None:
                for line in texts:
                    self.out.stray(line, f"{section.label}中此处在表单里没有对应的内容")
                continue
            self.field(field, sub.get("numbering"), texts, where)

    def pool(self, section: Section, subs: tuple[dict[str, Any], ...]
             ) -> list[tuple[str, Template, Template, str | None]]:
        """The section's sentence templates: (template, whole, inside, amount set to 0 by it)."""
        out: list[tuple[str, Template, Template, str | None]] = []
        for sub in subs:
            names: list[tuple[str, str | None]] = [(name, None) for name in sub.get("templates", [])]
            if sub.get("zero_template"):
                names.append((sub["zero_template"], sub.get("amount")))
            for name, amount in names:
                text = self.spec.templates.get(name)
                if text is None:
                    continue
                kinds, fixed = self.kinds(text), self.fixed()
                whole = compile_template(text, kinds, fixed, tolerant=True)
                inside = compile_template(text, kinds, fixed, tolerant=True, anchored=False)
                out.append((text, whole, inside, amount))
        return out

    def sentences(self, section: Section, pool: list[tuple[str, Template, Template, str | None]],
                  line: Line) -> Line | None:
        """Read the generated sentences in `line`; what is left of it (None if nothing)."""
        for i, (text, whole, inside, amount) in enumerate(pool):
            found = whole.match(line.text)
            span = (0, len(line.text))
            if found is None:
                hit = inside.search(line.text)
                if hit is None or not whole.literal:
                    continue
                span, found = (hit[0], hit[1]), hit[2]
            self.values(text, found, line.where, section)
            if amount is not None:
                self.out.put(amount, 0, line.where)
            del pool[i]
            rest = (line.text[:span[0]] + line.text[span[1]:]).strip()
            return line._replace(text=rest) if rest else None
        return line

    def field(self, path: str, numbering: str | None, lines: list[Line], heading: Where) -> None:
        spec = self.spec.fields.get(path)
        if spec is None:
            for line in lines:
                self.out.stray(line, "表单中没有对应的字段")
            return
        if not lines:
            self.out.blank(path, heading)
            return
        where = lines[0].where
        if spec.type == "textlist":
            items = [clean_text(strip_numbering(line.text)) for line in lines]
            items = [item for item in items if item]
            self.out.put(path, items, where, len(items))
            return
        text = "\n".join(clean_text(line.text) for line in lines)
        if spec.type == "text":
            self.out.put(path, clean_text(text), where)
            return
        self._put(path, text, spec.type, where)

    def records(self, section: Section, lines: list[Line], heading: Where) -> None:
        assert section.list_id is not None
        table = self.spec.lists[section.list_id]
        template = section.record or "".join(f"{{{column.key}}}" for column in table.columns)
        kinds = self.kinds(template)
        full = compile_template(template, kinds)
        shorter = [compile_template(cut, self.kinds(cut)) for cut in _prefixes(template)]
        columns = [name for name in placeholders(template) if name not in ("n", "ordinal")]
        rows: list[dict[str, tuple[Any, Where]]] = []
        for line in lines:
            found = full.match(line.text)
            if found is None and (numbering_of(line.text) is not None or not rows):
                found = next((m for t in shorter for m in [t.match(line.text)] if m is not None),
                             {columns[0]: strip_numbering(line.text)} if columns else None)
            if found is not None:
                rows.append({key: (clean_text(value), line.where) for key, value in found.items()
                             if key in columns})
                continue
            last = rows[-1]  # a paragraph without a number goes on the record before it
            column = next((c for c in reversed(columns) if c in last), columns[-1])
            value, where = last.get(column, ("", line.where))
            last[column] = (clean_text(f"{value}\n{line.text}" if value else line.text), where)
        if not rows:
            self.out.blank(table.path, heading)
        for row in rows:
            self.out.add_entry(table.path, row)


def _prefixes(template: str) -> list[str]:
    """`（{ordinal}）{title}。{cause}` → [`（{ordinal}）{title}`]: the record with its last parts gone."""
    pieces = re.split(r"(\{[^{}]+\})", template)
    out = []
    for end in range(len(pieces) - 2, 0, -1):
        if pieces[end].startswith("{") and pieces[end][1:-1] not in ("n", "ordinal"):
            out.append("".join(pieces[:end + 1]))
    return out


def read_body(spec: FormSpec, lines: list[Line], out: Collector, year: int | None) -> None:
    """Read the 正文 paragraphs (in order) into `out`."""
    headings = _headings(spec, year)
    body = _Body(spec, out, year)
    title: list[Line] = []
    parts: dict[str, dict[int, list[Line]]] = {}
    heads: dict[str, Line] = {}
    current: _Part | None = None
    document = spec.document
    listing = False
    names = {normalise(t.list_name or "") for t in spec.tables} - {""}
    for line in lines:
        if is_blank(line.text):
            continue
        if document.attachments_label and normalise(line.text) == normalise(document.attachments_label):
            listing = True
            continue
        if normalise(strip_numbering(line.text)) in names or (listing and any(
                name in normalise(line.text) for name in names)):
            continue
        heading = _find_heading(headings, line.text, current.section if current else None, year)
        rest = None
        if heading is None:
            heading, rest = _run_in(headings, line, year)
        if heading is not None:
            listing = False
            sub = heading.sub if heading.sub is not None else 0
            current = _Part(heading.section, sub, line)
            parts.setdefault(heading.section.id, {}).setdefault(sub, [])
            heads.setdefault(heading.section.id, line)
            if rest is not None:
                parts[heading.section.id][sub].append(rest)
            continue
        if current is None:
            title.append(line)
            continue
        if listing:
            out.stray(line, "附件清单中的这一行与表单的任何附件都对不上")
            continue
        parts[current.section.id].setdefault(current.sub, []).append(line)
    _title(spec, title, out)
    body.year = year
    _signoff(spec, body, parts)
    for section in _body_sections(spec):
        if section.id in parts:
            body.section(section, parts[section.id], heads.get(section.id))


def _title(spec: FormSpec, lines: list[Line], out: Collector) -> None:
    if not lines:
        return
    text = "".join(line.text.strip() for line in lines)
    where = lines[0].where._replace(quote=text)
    kinds = tuple((name, kind_of(name, spec)) for name in placeholders(spec.title))
    found = compile_template(spec.title, kinds).match(text)
    if found is None:
        year = re.match(r"^\s*(\d{4})\s*年", text)
        for line in lines[1:] if year else lines:
            if year is None:
                out.stray(line, "标题之前或正文第一个标题之前的内容，无法对应")
        if year is None:
            return
        found = {"year": year.group(1)}
        out.notes.append(f"标题“{text}”与表单的标题格式不完全一致，只从中读取了年度")
    for name, value in found.items():
        path = spec.role(name) if name in ROLE_NAMES else (name if name in spec.fields else None)
        if path is None:
            continue
        try:
            typed = convert(value, "year" if name == "year" else kind_of(name, spec))
        except ConvertError:
            continue
        out.put(path, typed, where)


def _signoff(spec: FormSpec, body: _Body, parts: dict[str, dict[int, list[Line]]]) -> None:
    """The unit and date under the 正文 (the form's `signoff` lines), taken off its last part."""
    if not spec.document.signoff or not parts:
        return
    last = parts[list(parts)[-1]]
    lines = last[max(last)] if last else []
    for template in reversed(spec.document.signoff):
        if not lines:
            return
        names = placeholders(template)
        fixed = body.fixed()
        known = {name for name, _ in fixed}
        if not normalise(re.sub(r"\{[^{}]*\}", "", template)) and any(
                kind_of(name, spec) == "text" and name not in known for name in names):
            continue  # a bare {unit} with no unit read yet would take any paragraph
        found = compile_template(template, body.kinds(template), fixed).match(lines[-1].text)
        if found is None:
            continue
        try:
            typed = {name: convert(text, kind_of(name, spec)) for name, text in found.items()}
        except ConvertError:
            continue
        for name, value in typed.items():
            if name in spec.fields:
                body.out.put(name, value, lines[-1].where)
        lines.pop()
