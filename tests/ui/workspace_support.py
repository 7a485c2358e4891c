"""Shared by the workspace tests (main window, book form, sections, app start-up).

A plain module with a unique name, not ``conftest``: tests/app has a conftest too, and
``from conftest import ...`` would pick whichever was imported first.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Answers:
    """Replies to ``ui.widgets.message_boxes`` questions, and a record of everything that was shown."""

    ask: list[bool] = field(default_factory=list)
    choose: list[int] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # each question's informative text
    warnings: list[tuple[str, str]] = field(default_factory=list)
    infos: list[tuple[str, str]] = field(default_factory=list)
