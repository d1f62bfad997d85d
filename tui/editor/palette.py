"""Ctrl+P: 跳转到 any section or field by name, and the app's own commands.

A context-aware `Provider` (the posting pattern): hits are built from the form
definition, so a new field in the form is reachable without touching the TUI.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

__all__ = ["JumpCommands"]


class JumpCommands(Provider):
    """跳转到 sections and fields; 保存, 导出, 检查."""

    def _entries(self) -> list[tuple[str, Any, str]]:
        app: Any = self.app
        spec = app.session.report.spec
        entries: list[tuple[str, Any, str]] = [
            ("保存", app.action_save, "Ctrl+S"),
            ("导出", app.action_export, "Ctrl+E"),
            ("检查结果", app.action_findings, "F8"),
        ]
        for section in spec.sections:
            entries.append((f"跳转到 {section.nav}", partial(app.goto, section.id, None), section.label))
            for path in section.fields:
                if path in spec.fields:
                    entries.append((f"跳转到 {section.nav} · {spec.fields[path].label}",
                                    partial(app.goto, section.id, path), path))
        return entries

    async def discover(self) -> Hits:
        for text, callback, help_text in self._entries():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, text=text, help=help_text)
