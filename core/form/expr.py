"""A small, safe expression language for the form's computed values and checks.

The form definition writes formulas as text (`spent / planned * 100`);
this module parses them once, evaluates them with Decimal (never float, never
`eval`), and translates them to Excel formulas for the spreadsheet export, so the
same formula drives the screen, the check and the cell.

Semantics that matter to a report: an absent value makes the arithmetic around it
absent (a blank is not 0), min() and max() included; sum() skips absent values (and
the absent rows of a `[*]` list) and is absent only when every argument is; division by zero is absent too, and the
form's `denominator` turns that into a finding.
"""


import re
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, Overflow
from typing import NamedTuple

from core.numbers import holds

__all__ = ["ExprError", "Node", "compile_expr", "evaluate", "to_excel", "names_in"]


class ExprError(ValueError):
    """A formula in the form definition that cannot be parsed or run."""


class Num(NamedTuple):
    value: Decimal


class Name(NamedTuple):
    path: str


class Neg(NamedTuple):
    operand: "Node"  # defined below: a name, so the class needs no `from __future__`


class BinOp(NamedTuple):
    op: str
    left: "Node"
    right: "Node"


class Call(NamedTuple):
    func: str
    args: tuple["Node", ...]


Node = Num | Name | Neg | BinOp | Call
Value = Decimal | bool | None | list["Value"]

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\[(?:\d+|\*)\])*"
    r"(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[(?:\d+|\*)\])*)*)"
    r"|(?P<op><=|>=|==|!=|[-−+*/×÷()<>=,≤≥≠]))"
)
_CANON = {"×": "*", "÷": "/", "−": "-", "≤": "<=", "≥": ">=", "≠": "!=", "=": "=="}  # − is U+2212
_FUNCS = {"sum", "min", "max", "abs", "round", "coalesce"}
_COMPARE = {"<", "<=", ">", ">=", "==", "!="}  # the operators core.numbers.RELATIONS knows
# Form formulas are a few dozen tokens; a bound keeps parsing and evaluation (both
# recursive) far from Python's stack limit whatever text they are given.
_MAX_TOKENS = 200
_MAX_DEPTH = 60


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ExprError(f"无法解析公式 {text!r}（第 {pos + 1} 个字符）")
        pos = match.end()
        kind = match.lastgroup
        assert kind is not None
        value = match.group(kind)
        tokens.append((kind, _CANON.get(value, value) if kind == "op" else value))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        if len(self.tokens) > _MAX_TOKENS:
            raise ExprError(f"公式过长（{len(self.tokens)} 个记号，上限 {_MAX_TOKENS}）")
        self.pos = 0
        self.depth = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, op: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (op is not None and token != ("op", op)):
            raise ExprError(f"公式 {self.text!r} 不完整")
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = self.comparison()
        if self.peek() is not None:
            raise ExprError(f"公式 {self.text!r} 多余的内容：{self.peek()}")
        return node

    def comparison(self) -> Node:
        node = self.additive()
        token = self.peek()
        if token and token[0] == "op" and token[1] in _COMPARE:
            self.pos += 1
            node = BinOp(token[1], node, self.additive())
        return node

    def additive(self) -> Node:
        node = self.term()
        while (token := self.peek()) and token[0] == "op" and token[1] in "+-":
            self.pos += 1
            node = BinOp(token[1], node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while (token := self.peek()) and token[0] == "op" and token[1] in "*/":
            self.pos += 1
            node = BinOp(token[1], node, self.unary())
        return node

    def unary(self) -> Node:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise ExprError(f"公式 {self.text[:40]!r} 嵌套过深")
        try:
            return self._unary()
        finally:
            self.depth -= 1

    def _unary(self) -> Node:
        token = self.peek()
        if token == ("op", "-"):
            self.pos += 1
            return Neg(self.unary())
        if token == ("op", "+"):
            self.pos += 1
            return self.unary()
        return self.primary()

    def primary(self) -> Node:
        kind, value = self.take()
        if kind == "num":
            return Num(Decimal(value))
        if kind == "name":
            if self.peek() == ("op", "("):
                if value not in _FUNCS:
                    raise ExprError(f"公式 {self.text!r} 使用了未知函数 {value}")
                self.take("(")
                args: list[Node] = []
                if self.peek() != ("op", ")"):
                    args.append(self.comparison())
                    while self.peek() == ("op", ","):
                        self.take(",")
                        args.append(self.comparison())
                self.take(")")
                return Call(value, tuple(args))
            return Name(value)
        if (kind, value) == ("op", "("):
            node = self.comparison()
            self.take(")")
            return node
        raise ExprError(f"公式 {self.text!r} 在 {value!r} 处有误")


_cache: dict[str, Node] = {}


def compile_expr(text: str) -> Node:
    """Parse a formula once; the result is cached because forms reuse formulas."""
    node = _cache.get(text)
    if node is None:
        node = _Parser(text).parse()
        _cache[text] = node
    return node


def names_in(node: Node) -> list[str]:
    """Every dotted name a formula reads, in order (for cell maps and dependencies)."""
    if isinstance(node, Name):
        return [node.path]
    if isinstance(node, Neg):
        return names_in(node.operand)
    if isinstance(node, BinOp):
        return names_in(node.left) + names_in(node.right)
    if isinstance(node, Call):
        return [name for arg in node.args for name in names_in(arg)]
    return []


def _flatten(values: Sequence[Value]) -> list[Decimal]:
    out: list[Decimal] = []
    for value in values:
        if isinstance(value, list):
            out.extend(_flatten(value))
        elif isinstance(value, Decimal):
            out.append(value)
    return out


def _as_decimal(value: object) -> Value:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, list):
        return [_as_decimal(item) for item in value]
    return None


def evaluate(node: Node, resolve: Callable[[str], object]) -> Value:
    """Evaluate with exact Decimal arithmetic; absent in → absent out."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        return _as_decimal(resolve(node.path))
    if isinstance(node, Neg):
        operand = evaluate(node.operand, resolve)
        return -operand if isinstance(operand, Decimal) else None
    if isinstance(node, Call):
        args = [evaluate(arg, resolve) for arg in node.args]
        return _call(node.func, args)
    left = evaluate(node.left, resolve)
    right = evaluate(node.right, resolve)
    if not isinstance(left, Decimal) or not isinstance(right, Decimal):
        return None
    try:
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        if node.op == "/":
            return None if right == 0 else left / right
    except (InvalidOperation, Overflow):
        return None
    return holds(node.op, left, right)


def _call(func: str, args: list[Value]) -> Value:
    if func == "coalesce":
        for arg in args:
            if arg is not None and arg != []:
                return arg
        return None
    if func in ("min", "max") and any(arg is None for arg in args):
        return None  # min(rate, 100) of an undefined rate is undefined, not 100
    if func in ("sum", "min", "max"):
        numbers = _flatten(args)
        if not numbers:
            return None
        if func == "sum":
            return sum(numbers, Decimal(0))
        return min(numbers) if func == "min" else max(numbers)
    if func == "abs":
        return abs(args[0]) if args and isinstance(args[0], Decimal) else None
    # round(x, n): half up, as the tables round
    if not args or not isinstance(args[0], Decimal):
        return None
    places = args[1] if len(args) > 1 and isinstance(args[1], Decimal) else Decimal(0)
    try:
        return args[0].quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    except (InvalidOperation, Overflow, ValueError):
        return None


def to_excel(node: Node, cell: Callable[[str], str | None]) -> str:
    """The formula as Excel writes it; `cell` maps a dotted name to a reference.

    A name with no cell (an absent optional row, say) becomes 0 in sums and "" elsewhere
    is not needed: the forms only sum optional rows.
    """
    if isinstance(node, Num):
        return format(node.value, "f")
    if isinstance(node, Name):
        ref = cell(node.path)
        return ref if ref else "0"
    if isinstance(node, Neg):
        return f"-{_wrap(node.operand, cell, 3)}"
    if isinstance(node, Call):
        if node.func == "coalesce":
            return _coalesce([to_excel(arg, cell) for arg in node.args])
        return f"{node.func.upper()}({','.join(to_excel(arg, cell) for arg in node.args)})"
    op = {"==": "=", "!=": "<>"}.get(node.op, node.op)
    level = _PRECEDENCE[node.op]
    # the right operand of - and / keeps its parentheses at equal precedence: a-(b-c)
    right_level = level + 1 if node.op in ("-", "/") else level
    return f"{_wrap(node.left, cell, level)}{op}{_wrap(node.right, cell, right_level)}"


def _coalesce(args: list[str]) -> str:
    """coalesce(a, b, c) → IF(ISBLANK(a),IF(ISBLANK(b),c,b),a): the first that is not
    blank, every argument kept (a lone argument falls back to "")."""
    if not args:
        return '""'
    first, *rest = args
    if len(rest) > 1:
        fallback = _coalesce(rest)
    else:
        fallback = rest[0] if rest else '""'
    return f"IF(ISBLANK({first}),{fallback},{first})"


_PRECEDENCE = {"<": 0, "<=": 0, ">": 0, ">=": 0, "==": 0, "!=": 0, "+": 1, "-": 1, "*": 2, "/": 2}


def _wrap(node: Node, cell: Callable[[str], str | None], level: int) -> str:
    text = to_excel(node, cell)
    return f"({text})" if isinstance(node, BinOp) and _PRECEDENCE[node.op] < level else text
