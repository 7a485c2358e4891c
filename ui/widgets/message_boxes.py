"""The app's modal questions and messages, in one place so tests can answer them.

Callers use ``message_boxes.ask(...)`` (module attribute access), so a test replaces one function
with ``monkeypatch.setattr(message_boxes, "ask", ...)`` instead of driving a real message box.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    yes_text: str,
    no_text: str = "Cancel",
    informative: str = "",
    destructive: bool = False,
) -> bool:
    """A yes/no question with verbs on the buttons. True when the user chose ``yes_text``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    yes = box.addButton(
        yes_text,
        QMessageBox.ButtonRole.DestructiveRole
        if destructive
        else QMessageBox.ButtonRole.AcceptRole,
    )
    no = box.addButton(no_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no if destructive else yes)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def choose(
    parent: QWidget | None, title: str, text: str, options: list[str], informative: str = ""
) -> int:
    """Several labelled choices; returns the index of the chosen one (the last is Escape)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    buttons = [box.addButton(option, QMessageBox.ButtonRole.ActionRole) for option in options]
    box.setDefaultButton(buttons[0])
    box.setEscapeButton(buttons[-1])
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else len(options) - 1


def warn(parent: QWidget | None, title: str, text: str, informative: str = "") -> None:
    _message(QMessageBox.Icon.Warning, parent, title, text, informative)


def inform(parent: QWidget | None, title: str, text: str, informative: str = "") -> None:
    """A message that something went as asked (where a file went, what was restored)."""
    _message(QMessageBox.Icon.Information, parent, title, text, informative)


def _message(
    icon: QMessageBox.Icon, parent: QWidget | None, title: str, text: str, informative: str
) -> None:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    box.exec()
