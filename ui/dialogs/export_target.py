"""The export dialog's questions about where the book goes: a folder that is missing, a file
that is already there. Each asks once and says what happened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ui.widgets import message_boxes


def make_folder(parent: QWidget, folder: Path) -> str:
    """Offer to create a missing folder: "" when it is there now, else why it is not."""
    create = message_boxes.ask(
        parent,
        "Create folder?",
        f"The folder {folder} does not exist. Create it?",
        "Create folder",
        informative="Or cancel and choose another folder with Browse….",
    )
    if not create:
        return f"The folder {folder} does not exist. Choose another."
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"Could not create {folder}: {error.strerror or error}."
    return ""


def may_replace(parent: QWidget, path: Path) -> bool:
    """Ask before an export replaces a file that is there."""
    return message_boxes.ask(
        parent,
        "Replace file?",
        f"{path.name} already exists in {path.parent}. Replace it?",
        "Replace",
        informative="The file there now will be lost. To keep it, cancel and choose another name.",
        destructive=True,
    )
