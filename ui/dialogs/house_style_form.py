"""The editor of one house style: fonts, size, colours, paper and margins, logo, letterhead,
cover layout and the office's Word document. Emits ``changed`` on every edit; ``current()`` is
the style as the form shows it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import BriefBookError
from app.images import load_image
from app.styles.files import check_font
from app.styles.model import (
    BUNDLED_FAMILIES,
    COVER_LAYOUT_LABELS,
    COVER_LAYOUTS,
    MAX_BASE_SIZE,
    MAX_MARGIN_MM,
    MIN_BASE_SIZE,
    MIN_MARGIN_MM,
    HouseStyle,
    Margins,
)
from app.styles.resolve import take_reference
from ui.widgets import message_boxes
from ui.widgets.labels import heading_label, hint_label

OFFICE_FAMILIES = ("Times New Roman", "Arial", "Calibri", "Cambria", "Georgia", "Garamond")
PAPER_NAMES = {"": "The book's own (A4 or Letter)", "a4": "A4", "letter": "US Letter"}
DEFAULT_MARGINS = Margins(24.1, 25.4, 26.7, 25.4)  # BriefBook's own PDF margins
SIDES = ("top", "right", "bottom", "left")


def _open_file(parent: QWidget, title: str, filters: str) -> Path | None:
    """Asks for one file (tests replace this function)."""
    chosen, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return Path(chosen) if chosen else None


def _pick_colour(parent: QWidget, current: str, title: str) -> str | None:
    """Asks for a colour (tests replace this function); None when cancelled."""
    colour = QColorDialog.getColor(QColor(current), parent, title)
    return colour.name().upper() if colour.isValid() else None


class ColourButton(QPushButton):
    """A button showing a colour swatch and its ``#RRGGBB``."""

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.name = name
        self.colour = "#000000"
        self.setAccessibleName(f"{name} colour")
        self.setToolTip(f"Choose the colour of {name.lower()}")

    def set_colour(self, colour: str) -> None:
        self.colour = colour.upper()
        swatch = QPixmap(14, 14)
        swatch.fill(QColor(self.colour))
        self.setIcon(QIcon(swatch))
        self.setText(self.colour)


class HouseStyleForm(QWidget):
    """Edits one ``HouseStyle`` (see the module docstring)."""

    changed = Signal()  # current() is the edited style

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style = HouseStyle(name="")
        self._loading = False
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("e.g. “Ministry letterhead”")
        self.body_font = self._font_combo("Body font")
        self.heading_font = self._font_combo("Heading font")
        self.font_note = hint_label("", self)
        self.add_font_button = QPushButton("Add font file (.ttf)…", self)
        self.add_font_button.setToolTip("Embed a TrueType font the office uses in every PDF")
        self.base_size = QDoubleSpinBox(self)
        self.base_size.setRange(MIN_BASE_SIZE, MAX_BASE_SIZE)
        self.base_size.setSingleStep(0.5)
        self.base_size.setDecimals(1)
        self.base_size.setSuffix(" pt")
        self.colours = [
            ColourButton(name, self) for name in ("Level 1 headings", "Level 2", "Level 3")
        ]
        self.paper = QComboBox(self)
        for key, label in PAPER_NAMES.items():
            self.paper.addItem(label, key)
        self.own_margins = QCheckBox("Own margins (mm)", self)
        self.margins = {side: self._margin_box(side) for side in SIDES}
        self.logo_label = QLabel("No logo", self)
        self.logo_label.setMinimumHeight(48)
        self.logo_button = QPushButton("Choose logo or seal…", self)
        self.logo_remove = QPushButton("Remove", self)
        self.logo_in_header = QCheckBox("Also in the header of every page", self)
        self.letterhead = QPlainTextEdit(self)
        self.letterhead.setPlaceholderText("Up to four lines, e.g.\nMinistry of …\nDepartment …")
        self.letterhead.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self.letterhead.setTabChangesFocus(True)
        self.letterhead.setAccessibleName("Letterhead")
        self.cover = QComboBox(self)
        for key in COVER_LAYOUTS:
            self.cover.addItem(COVER_LAYOUT_LABELS[key], key)
        self.reference_label = QLabel("None", self)
        self.reference_label.setWordWrap(True)
        self.reference_button = QPushButton("Use a Word document or template…", self)
        self.reference_remove = QPushButton("Remove", self)
        self._layout()
        self._connect()

    # --- building -----------------------------------------------------------------------

    def _font_combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setAccessibleName(name)
        combo.setMinimumContentsLength(16)
        return combo

    def _margin_box(self, side: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setRange(MIN_MARGIN_MM, MAX_MARGIN_MM)
        box.setDecimals(1)
        box.setAccessibleName(f"{side.capitalize()} margin")
        box.setToolTip(f"{side.capitalize()} margin in millimetres")
        return box

    def _layout(self) -> None:
        def form() -> QFormLayout:
            layout = QFormLayout()
            layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            layout.setVerticalSpacing(8)
            return layout

        type_form = form()
        type_form.addRow("&Name:", self.name)
        type_form.addRow("&Body font:", self.body_font)
        type_form.addRow("&Heading font:", self.heading_font)
        type_form.addRow("", self.font_note)
        type_form.addRow("", self.add_font_button)
        type_form.addRow("Base si&ze:", self.base_size)
        colours = QHBoxLayout()
        for button in self.colours:
            colours.addWidget(button)
        colours.addStretch(1)
        type_form.addRow("Heading colours:", colours)

        page_form = form()
        page_form.addRow("&Paper:", self.paper)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        for column, side in enumerate(SIDES):
            grid.addWidget(QLabel(side.capitalize(), self), 0, column)
            grid.addWidget(self.margins[side], 1, column)
        margins = QVBoxLayout()
        margins.addWidget(self.own_margins)
        margins.addLayout(grid)
        page_form.addRow("Margins:", margins)
        page_form.addRow("&Cover:", self.cover)
        logo_buttons = QHBoxLayout()
        logo_buttons.addWidget(self.logo_button)
        logo_buttons.addWidget(self.logo_remove)
        logo_buttons.addStretch(1)
        logo = QVBoxLayout()
        logo.addWidget(self.logo_label)
        logo.addLayout(logo_buttons)
        logo.addWidget(self.logo_in_header)
        page_form.addRow("Logo:", logo)
        page_form.addRow("&Letterhead:", self.letterhead)

        word_form = form()
        reference_buttons = QHBoxLayout()
        reference_buttons.addWidget(self.reference_button)
        reference_buttons.addWidget(self.reference_remove)
        reference_buttons.addStretch(1)
        word_form.addRow("Document:", self.reference_label)
        word_form.addRow("", reference_buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(heading_label("Type", self, scale=1.1))
        layout.addLayout(type_form)
        layout.addSpacing(8)
        layout.addWidget(heading_label("Page and cover", self, scale=1.1))
        layout.addLayout(page_form)
        layout.addSpacing(8)
        layout.addWidget(heading_label("Office Word document", self, scale=1.1))
        layout.addWidget(
            hint_label(
                "Word exports take its styles, page set-up, headers and footers; PDF exports "
                "take its paper, margins, fonts, heading colours and letterhead. Its text is "
                "never copied into a book.",
                self,
            )
        )
        layout.addLayout(word_form)
        layout.addStretch(1)

    def _connect(self) -> None:
        self.name.textEdited.connect(self._edited)
        for combo in (self.body_font, self.heading_font):
            combo.currentTextChanged.connect(self._edited)
        self.base_size.valueChanged.connect(self._edited)
        for button in self.colours:
            button.clicked.connect(lambda _=False, b=button: self._choose_colour(b))
        self.paper.currentIndexChanged.connect(self._edited)
        self.own_margins.toggled.connect(self._margins_toggled)
        for box in self.margins.values():
            box.valueChanged.connect(self._edited)
        self.cover.currentIndexChanged.connect(self._edited)
        self.logo_in_header.toggled.connect(self._edited)
        self.letterhead.textChanged.connect(self._edited)
        self.add_font_button.clicked.connect(self.add_font)
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_remove.clicked.connect(self.remove_logo)
        self.reference_button.clicked.connect(self.choose_reference)
        self.reference_remove.clicked.connect(self.remove_reference)

    # --- showing a style ----------------------------------------------------------------

    def set_style(self, style: HouseStyle) -> None:
        """Show ``style`` (a copy is edited; ``current()`` returns it)."""
        self._style = style.copy()
        self._show()

    def _show(self) -> None:
        style = self._style
        self._loading = True
        try:
            self.name.setText(style.name)
            families = [*BUNDLED_FAMILIES, *sorted(style.fonts), *OFFICE_FAMILIES]
            for combo, value in (
                (self.body_font, style.body_font),
                (self.heading_font, style.heading_font),
            ):
                combo.clear()
                combo.addItems(list(dict.fromkeys(families)))
                combo.setCurrentText(value)
            self.base_size.setValue(style.base_size)
            for button, colour in zip(self.colours, style.heading_colours, strict=True):
                button.set_colour(colour)
            self.paper.setCurrentIndex(max(0, self.paper.findData(style.page_size)))
            self.own_margins.setChecked(style.margins is not None)
            margins = style.margins or DEFAULT_MARGINS
            for side, millimetres in zip(SIDES, margins.as_tuple(), strict=True):
                self.margins[side].setValue(millimetres)
            self.cover.setCurrentIndex(max(0, self.cover.findData(style.cover_layout)))
            self.logo_in_header.setChecked(style.logo_in_header)
            if self.letterhead.toPlainText() != style.letterhead:
                self.letterhead.setPlainText(style.letterhead)
        finally:
            self._loading = False
        self._show_files()

    def _show_files(self) -> None:
        style = self._style
        if style.logo is None:
            self.logo_label.setPixmap(QPixmap())
            self.logo_label.setText("No logo")
        else:
            pixmap = QPixmap()
            pixmap.loadFromData(style.logo.data)
            self.logo_label.setPixmap(
                pixmap.scaled(
                    160,
                    48,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.logo_remove.setEnabled(style.logo is not None)
        self.logo_in_header.setEnabled(style.logo is not None)
        self.reference_label.setText(style.reference_name or "None")
        self.reference_remove.setEnabled(style.reference is not None)
        self.margins_enabled()
        self._update_note()

    def margins_enabled(self) -> None:
        for box in self.margins.values():
            box.setEnabled(self.own_margins.isChecked() and self.isEnabled())

    def _update_note(self) -> None:
        from exports.house_style import pdf_font_note

        style = self.current()
        families = list(dict.fromkeys((style.body_font, style.heading_font)))
        if all(family in BUNDLED_FAMILIES for family in families):
            verb = "is" if len(families) == 1 else "are"
            self.font_note.setText(
                f"{' and '.join(families)} {verb} bundled with BriefBook: every PDF embeds "
                f"{'it' if len(families) == 1 else 'them'}."
            )
            return
        self.font_note.setText(" ".join(pdf_font_note(style, family) for family in families))

    # --- editing ------------------------------------------------------------------------

    def current(self) -> HouseStyle:
        """The style as the form shows it."""
        style = self._style.copy(
            name=self.name.text().strip(),
            body_font=self.body_font.currentText().strip(),
            heading_font=self.heading_font.currentText().strip(),
            base_size=self.base_size.value(),
            page_size=self.paper.currentData() or "",
            cover_layout=self.cover.currentData() or "classic",
            logo_in_header=self.logo_in_header.isChecked() and self._style.logo is not None,
            letterhead=self.letterhead.toPlainText().strip(),
        )
        style.heading_colours = (
            self.colours[0].colour,
            self.colours[1].colour,
            self.colours[2].colour,
        )
        style.margins = (
            Margins(*(self.margins[side].value() for side in SIDES))
            if self.own_margins.isChecked()
            else None
        )
        return style

    def _edited(self, *_: object) -> None:
        if self._loading:
            return
        self._style = self.current()
        self._update_note()
        self.changed.emit()

    def _margins_toggled(self, _: bool) -> None:
        self.margins_enabled()
        self._edited()

    def _choose_colour(self, button: ColourButton) -> None:
        colour = _pick_colour(self, button.colour, button.name)
        if colour:
            button.set_colour(colour)
            self._edited()

    def _replace(self, style: HouseStyle) -> None:
        self._style = style
        self._show()
        self.changed.emit()

    def add_font(self) -> None:
        from exports.house_style import font_file_names

        path = _open_file(self, "Add a TrueType font", "TrueType fonts (*.ttf);;All files (*)")
        if path is None:
            return
        try:
            data = check_font(path.read_bytes(), path.name)
            family, slot = font_file_names(data)
        except (OSError, BriefBookError) as error:
            message_boxes.warn(self, "Add font", f"{path.name} cannot be used.", str(error))
            return
        style = self.current()
        style.fonts.setdefault(family, {})[slot] = data
        if slot == "regular" and style.body_font in BUNDLED_FAMILIES:
            style.body_font = family
        self._replace(style)

    def choose_logo(self) -> None:
        path = _open_file(self, "Choose a logo or seal", "Pictures (*.png *.jpg *.jpeg)")
        if path is None:
            return
        try:
            image = load_image(path.read_bytes())
        except (OSError, BriefBookError) as error:
            message_boxes.warn(self, "Logo", f"{path.name} cannot be used.", str(error))
            return
        self._replace(self.current().copy(logo=image))

    def remove_logo(self) -> None:
        self._replace(self.current().copy(logo=None, logo_in_header=False))

    def choose_reference(self) -> None:
        path = _open_file(
            self, "Use an office Word document", "Word documents and templates (*.docx *.dotx)"
        )
        if path is None:
            return
        try:
            style = take_reference(self.current(), path.read_bytes(), path.name)
        except (OSError, BriefBookError) as error:
            message_boxes.warn(self, "Word document", f"{path.name} cannot be used.", str(error))
            return
        self._replace(style)

    def remove_reference(self) -> None:
        self._replace(self.current().copy(reference=None, reference_name=""))
