"""FormError, apart from the lint that raises most of them: loading a compiled form needs
the class but not the lint (whose import costs milliseconds a run that never lints)."""

from __future__ import annotations

__all__ = ["FormError"]


class FormError(ValueError):
    """A form file that cannot be used; the message names the file, the line and the key."""
