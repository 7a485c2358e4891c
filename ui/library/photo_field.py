"""A profile photo: drop a picture on it or choose a file; it becomes a stored portrait.

Every picture goes through ``app.images.make_portrait`` (checked in full, turned upright,
cropped to 4:5, scaled, metadata dropped) before it is stored once by its SHA-256. A file
that is not a JPEG/PNG, or is absurdly large, is refused with a message and nothing changes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.errors import BriefBookError, InvalidInput
from app.images import MAX_IMAGE_BYTES, make_portrait
from ui.context import AppContext
from ui.widgets.inline_message import InlineMessage

PHOTO_SIZE = QSize(160, 200)  # the portrait's 4:5 shape
FILE_FILTER = "Photos (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG)"


class PhotoView(QLabel):
    """Shows stored image bytes scaled to fit, keeping the aspect ratio, never stretched."""

    def __init__(self, size: QSize = PHOTO_SIZE, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap = QPixmap()
        self.setFixedSize(size)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_image_data(self, data: bytes | None, empty_text: str = "No photo") -> None:
        self._pixmap = QPixmap()
        if data:
            self._pixmap.loadFromData(data)
        if self._pixmap.isNull():
            self.setPixmap(QPixmap())
            self.setText(empty_text)
        else:
            self.setText("")
            self._show_scaled()

    def has_picture(self) -> bool:
        return not self._pixmap.isNull()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._pixmap.isNull():
            self._show_scaled()

    def _show_scaled(self) -> None:
        ratio = self.devicePixelRatioF()
        target = self.contentsRect().size() * ratio
        scaled = self._pixmap.scaled(
            target,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        scaled.setDevicePixelRatio(ratio)
        self.setPixmap(scaled)


class PhotoField(QWidget):
    """Photo of a person: a drop target, "Choose photo…" and "Remove".

    ``photo_changed`` carries the stored image's SHA-256, or "" when the photo was removed.
    """

    photo_changed = Signal(str)

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, size: QSize = PHOTO_SIZE
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._sha: str | None = None
        self.setAcceptDrops(True)

        self.view = PhotoView(size, self)
        self.view.setToolTip("Drop a JPEG or PNG photo here")
        self.choose_button = QPushButton("Choose…", self)
        self.choose_button.setToolTip("Choose a JPEG or PNG photo")
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setToolTip("Remove the photo from this profile")
        self.message = InlineMessage(self)
        self.message.setMaximumWidth(size.width() + 60)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

        self.choose_button.clicked.connect(self.choose_file)
        self.remove_button.clicked.connect(self.remove)
        self._refresh()

    # --- state ----------------------------------------------------------------------------

    def photo(self) -> str | None:
        return self._sha

    def set_photo(self, sha: str | None) -> None:
        """Show a stored photo (loading a record: no ``photo_changed``)."""
        self._sha = sha
        self.message.clear()
        self._refresh()

    def _refresh(self) -> None:
        data = None
        if self._sha:
            image = self.context.store.get_image(self._sha)
            data = image.data if image else None
        self.view.set_image_data(data, "Drop a photo here\nor choose a file")
        self.remove_button.setEnabled(self._sha is not None)

    # --- taking a picture in --------------------------------------------------------------

    def load_file(self, path: str | Path) -> bool:
        """Make a portrait from the file at ``path``; False (with a message) if refused."""
        path = Path(path)
        try:
            size = path.stat().st_size
            if size > MAX_IMAGE_BYTES:
                # Refuse before reading: a huge file must not be pulled into memory.
                raise InvalidInput(
                    f"{path.name} is {size / (1024 * 1024):.0f} MB; photos can be at most "
                    f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB. Choose a smaller picture."
                )
            data = path.read_bytes()
        except OSError as error:
            return self._refuse(f"Cannot read {path.name}: {error.strerror or error}.")
        except InvalidInput as error:
            return self._refuse(str(error))
        return self.load_bytes(data, path.name)

    def load_bytes(self, data: bytes, name: str = "The picture") -> bool:
        """Make a portrait from image bytes and store it; False (with a message) if refused."""
        try:
            portrait = make_portrait(data)
            sha = self.context.store.put_image(portrait)
        except BriefBookError as error:
            return self._refuse(f"{name} was not used: {error}")
        self._sha = sha
        self.message.clear()
        self._refresh()
        self.photo_changed.emit(sha)
        return True

    def remove(self) -> None:
        if self._sha is None:
            return
        self._sha = None
        self.message.clear()
        self._refresh()
        self.photo_changed.emit("")

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a photo", "", FILE_FILTER)
        if path:
            self.load_file(path)

    def _refuse(self, text: str) -> bool:
        self.message.show_error(text)
        return False

    # --- drag and drop --------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = _local_files(event)
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.load_file(files[0])


def _local_files(event: QDragEnterEvent | QDropEvent) -> list[str]:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
