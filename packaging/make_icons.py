"""Make the installer and bundle icons (.ico, .icns, .png) from BriefBook's one icon source.

The source is ``resources/icons/briefbook.svg``, the same file the running app shows as its window
icon (``ui.widgets.icons.app_icon``), so the window, the frozen executables and the installers cannot
drift apart. Qt's SVG renderer draws every size from the vector source (small sizes stay crisp
instead of being shrunk from a large bitmap); Pillow writes the Windows ``.ico`` and the macOS
``.icns`` containers on any platform.

    python packaging/make_icons.py [--output build/icons]

The outputs are build products (``build/`` is ignored by git): ``briefbook.spec`` runs this script
before it analyses the app.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "briefbook.svg"
DEFAULT_OUTPUT = ROOT / "build" / "icons"
NAME = "briefbook"
# Windows shows 16-48 px in lists and the taskbar, 256 px in large icon views.
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# The .icns slots Pillow writes: 16..512 and their @2x variants up to 1024.
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render_png(source: Path, size: int) -> bytes:
    """The SVG drawn at ``size`` x ``size`` pixels on a transparent background, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: TID251  (a build tool, not app code)
    from PySide6.QtGui import QImage, QPainter  # noqa: TID251  (a build tool, not app code)
    from PySide6.QtSvg import QSvgRenderer  # noqa: TID251  (a build tool, not app code)

    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {source} is not a valid SVG image.")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def make_icons(source: Path, output: Path) -> dict[str, Path]:
    """Write ``briefbook.ico``, ``briefbook.icns`` and ``briefbook.png`` (1024 px) to ``output``."""
    import io

    from PIL import Image

    # QGuiApplication is needed for QPainter; offscreen needs no display (CI, SSH, containers).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication  # noqa: TID251  (a build tool, not app code)

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    sizes = sorted(set(ICO_SIZES) | set(ICNS_SIZES))
    images = {
        size: Image.open(io.BytesIO(render_png(source, size))).convert("RGBA") for size in sizes
    }
    del app
    output.mkdir(parents=True, exist_ok=True)
    paths = {
        "ico": output / f"{NAME}.ico",
        "icns": output / f"{NAME}.icns",
        "png": output / f"{NAME}.png",
    }
    largest = images[max(sizes)]
    # Each container gets the image drawn for its exact size (append_images), not a resample.
    largest.save(
        paths["ico"],
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[images[size] for size in ICO_SIZES],
    )
    largest.save(paths["icns"], format="ICNS", append_images=[images[size] for size in ICNS_SIZES])
    largest.save(paths["png"], format="PNG")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="the SVG icon")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the folder to write")
    args = parser.parse_args(argv)
    for kind, path in make_icons(args.source, args.output).items():
        print(f"{kind}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
