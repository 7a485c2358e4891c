"""Smoke test of the frozen BriefBook (`make package-test`, and the release workflow).

    python packaging/smoke_test.py [--dist dist] [--app dist/BriefBook.app] [--max-mb 160]

Runs the built executables, never the source: the folder's contents and size, ``--version``,
``demo`` on a throwaway store, PDF and DOCX exports of the book and the handout (the PDF must keep
"Səməddin" as text and embed the portraits; the DOCX must carry them under word/media), and the
desktop app: it opens a ``.bbk`` bundle the way the file association does, the smoke test waits
until the bundle's book is in the store, then closes the app as the desktop does at logout
(SIGTERM; on Windows a close request via ``taskkill``) and checks that it exits with status 0.
Spelling: every bundled dictionary is in the folder, ``check`` finds no misspelling in the
sample book, and on a store with a bundle of planted typos it lists exactly those words.

Needs the ``dev`` and ``package`` extras (pypdf, PyInstaller's archive reader); uses
``pdftotext`` when it is installed. Prints one line per check; exits 1 on the first failure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = sys.platform == "win32"
MAC = sys.platform == "darwin"
EXE_SUFFIX = ".exe" if WINDOWS else ""
NAME_WITH_SCHWA = "Səməddin"
BUNDLE_TITLE = "Packaging smoke trip"
# Counterparts in their own scripts: the frozen app must carry the script fonts (the PDF draws
# every name, none as a blank or a box) and anyascii's tables (a Latin query finds a name
# written only in Georgian). Names that pdftotext gives back as typed.
WORLD_NAMES = {
    "Salman Al-Fares": "سلمان الفارس",
    "Zhao Siyuan": "赵思远",
    "Park Seo-yeon": "박서연",
    "Somchai Jaidee": "สมชาย ใจดี",
    "Nino Beridze": "ნინო ბერიძე",
    "Selamawit Tesfaye": "ሰላማዊት ተስፋዬ",
}
COMMAND_TIMEOUT = 120
GUI_TIMEOUT = 90
# Qt parts that must not be in the folder (briefbook.spec leaves them out).
FORBIDDEN_QT = ("Qt6Quick", "Qt6Qml", "Qt6WebEngine", "Qt6Multimedia", "Qt6VirtualKeyboard")
FORBIDDEN_QT_MAC = ("QtQuick.framework", "QtQml.framework", "QtWebEngineCore.framework")


class SmokeFailure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def ok(message: str) -> None:
    print(f"ok   {message}", flush=True)


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def folder_size(folder: Path) -> int:
    """Bytes of the regular files under ``folder`` (symbolic links count once, as links)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def isolated_environment(home: Path) -> dict[str, str]:
    """The user's environment with BriefBook's settings, data and logs moved into ``home``."""
    env = dict(os.environ)
    env.pop("BRIEFBOOK_STORE", None)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    if not WINDOWS:
        env["HOME"] = str(home)  # macOS keeps settings and logs under ~/Library
    return env


def run(
    exe: Path, arguments: Sequence[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(exe), *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise SmokeFailure(
            f"`{exe.name} {' '.join(arguments)}` exited with {result.returncode}:\n"
            f"{result.stdout}{result.stderr}"
        )
    return result


# --- the folder -------------------------------------------------------------------------------


def check_folder(folder: Path, internal: Path, max_mb: float | None) -> None:
    size = folder_size(folder)
    size_mb = size / 1e6  # the budget is in MB (10^6 bytes), the stricter reading
    message = f"{folder} holds {size_mb:.1f} MB ({size / 2**20:.1f} MiB)"
    if max_mb is not None:
        check(size_mb <= max_mb, f"{message}: over the {max_mb:g} MB budget")
        message += f" (budget {max_mb:g} MB)"
    ok(message)

    for part in (
        "resources/fonts/NotoSerif-Regular.ttf",
        "resources/fonts/OFL.txt",
        "resources/fonts/DroidSansFallbackFull.ttf.xz",
        "resources/fonts/NanumGothic.ttf.xz",
        "resources/fonts/NotoSansArabic-Regular.ttf.xz",
        "resources/fonts/coverage.json",
        "resources/fonts/SOURCES.md",
        "anyascii/_data/10a",
        "resources/icons/briefbook.svg",
        "reportlab/fonts/Vera.ttf",
        "docx/templates/default.docx",
        "resources/dictionaries/SOURCES.md",
        *(
            f"resources/dictionaries/{p.name}"
            for p in sorted((ROOT / "resources" / "dictionaries").iterdir())
            if p.name.endswith((".aff.xz", ".dic.xz"))
        ),
    ):
        check((internal / part).is_file(), f"{part} is missing from {internal}")
    ok("resources (fonts, icons, dictionaries), reportlab's fonts and python-docx's templates")

    names = [p.name for p in internal.rglob("*")]
    forbidden = FORBIDDEN_QT_MAC if MAC else FORBIDDEN_QT
    unwanted = sorted({n for n in names if any(part in n for part in forbidden)})
    check(not unwanted, f"unused Qt modules were bundled: {', '.join(unwanted)}")
    translations = list(internal.rglob("qtbase_*.qm"))
    check(not translations, f"Qt translations were bundled: {translations[:3]}")
    for plugin in ("platforms", "imageformats", "iconengines"):
        check(
            any(p.parent.name == plugin for p in internal.rglob("*") if p.is_file()),
            f"the Qt {plugin} plugins are missing",
        )
    ok("no QtQuick/QML/WebEngine/Multimedia/VirtualKeyboard or Qt translations; plugins present")

    if sys.platform.startswith("linux"):
        icu = [p for p in internal.rglob("libicudata.so.*") if p.is_file() and not p.is_symlink()]
        check(len(icu) == 1, f"expected one ICU data library, found {icu}")
        icu_mb = icu[0].stat().st_size / 1e6
        check(icu_mb < 8, f"{icu[0].name} is {icu_mb:.1f} MB: the trimmed ICU data was not used")
        ok(f"{icu[0].name}: the trimmed ICU data, {icu_mb:.1f} MB (the wheel's is 32 MB)")


def check_modules(exe: Path) -> None:
    """Every module of app/, exports/ and ui/ is in the archive, including those loaded by name."""
    from PyInstaller.archive.readers import pkg_archive_contents

    frozen = set(pkg_archive_contents(str(exe), recursive=True))
    expected = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in ("app", "exports", "ui")
        for path in (ROOT / package).rglob("*.py")
    }
    missing = sorted(expected - frozen)
    check(not missing, f"modules missing from {exe.name}: {', '.join(missing)}")
    ok(f"all {len(expected)} BriefBook modules are in {exe.name}")


# --- commands and exports ---------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
            timeout=COMMAND_TIMEOUT,
        )
        return done.stdout.decode("utf-8")
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def pdf_image_count(path: Path) -> int:
    from pypdf import PdfReader

    return sum(len(page.images) for page in PdfReader(path).pages)


def check_exports(cli: Path, env: dict[str, str], work: Path) -> None:
    store = work / "store.sqlite"
    version = run(cli, ["--version"], env).stdout.strip()
    check(
        version == f"briefbook {project_version()}",
        f"--version printed {version!r}, expected the pyproject version {project_version()}",
    )
    ok(f"--version: {version}")

    book_id = run(cli, ["--store", str(store), "demo"], env).stdout.strip()
    check(len(book_id) == 36, f"demo printed {book_id!r}, not a book id")
    listed = json.loads(run(cli, ["--store", str(store), "books", "--json"], env).stdout)
    check([book["id"] for book in listed] == [book_id], f"books --json listed {listed}")
    ok(f"demo added the sample book {book_id}")

    for edition in ("book", "handout"):
        for fmt, read in (("pdf", read_pdf), ("docx", read_docx)):
            output = work / f"{edition}.{fmt}"
            command = ["--store", str(store), "export", book_id, "--format", fmt]
            command += ["--output", str(output)]
            run(cli, [*command, *(["--handout"] if edition == "handout" else [])], env)
            text, images = read(output)
            check(NAME_WITH_SCHWA in text, f"{output.name} lost the ə: {NAME_WITH_SCHWA!r}")
            check(images > 0, f"{output.name} embeds no images (the portraits are missing)")
            size = output.stat().st_size // 1024
            ok(f"{fmt.upper()} {edition}: {size} KiB, keeps {NAME_WITH_SCHWA}, {images} images")
    check_world_scripts(cli, env, work)


def check_world_scripts(cli: Path, env: dict[str, str], work: Path) -> None:
    """A book whose counterparts are named in their own scripts: every name in the PDF, and a
    Latin spelling finds the Georgian one."""
    import unicodedata

    store = work / "world.sqlite"
    people = [
        {"id": f"00000000-0000-4000-8000-{index:012d}", "name": name, "native_name": native}
        for index, (name, native) in enumerate(WORLD_NAMES.items(), start=1)
    ]
    bundle = {
        "format": "briefbook-bundle",
        "version": 1,
        "book": {
            "title": "World scripts smoke trip",
            "participants": [{"person": p["id"], "role": "Counterpart"} for p in people],
        },
        "people": people,
    }
    path = work / "world.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    run(cli, ["--store", str(store), "import", str(path)], env)
    listed = json.loads(run(cli, ["--store", str(store), "books", "--json"], env).stdout)
    output = work / "world.pdf"
    book_id = listed[0]["id"]
    command = ["--store", str(store), "export", book_id, "--format", "pdf", "--output"]
    run(cli, [*command, str(output)], env)
    text = unicodedata.normalize("NFKC", pdf_text(output))
    text = "".join(ch for ch in text if not 0x202A <= ord(ch) <= 0x202E)
    missing = [native for native in WORLD_NAMES.values() if native not in text]
    check(not missing, f"{output.name} lost names in their own scripts: {missing}")
    check("\ufffd" not in text, f"{output.name} prints a replacement mark for a name")
    found = run(cli, ["--store", str(store), "search", "beridze"], env).stdout
    check("Nino Beridze" in found, f"search beridze did not find ნინო ბერიძე: {found!r}")
    ok(f"PDF draws {len(WORLD_NAMES)} names in their own scripts; 'beridze' finds ნინო ბერიძე")


def check_protection(cli: Path, env: dict[str, str], work: Path) -> None:
    """SQLCipher and cryptography inside the frozen app: encrypt the store, open it with and
    without the passphrase, lock a PDF, seal and import a bundle, decrypt again."""
    store = work / "store.sqlite"
    secret = "smoke test passphrase"
    keyed = {**env, "BRIEFBOOK_PASSPHRASE": secret}
    run(cli, ["--store", str(store), "encrypt"], keyed)
    check(not store.read_bytes().startswith(b"SQLite format 3"), "encrypt left a plain store")
    check(b"Baku" not in store.read_bytes(), "the encrypted store holds readable text")
    listed = json.loads(run(cli, ["--store", str(store), "books", "--json"], keyed).stdout)
    check(len(listed) == 1, f"books --json on the encrypted store listed {listed}")
    refused = subprocess.run(
        [str(cli), "--store", str(store), "books"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    check(refused.returncode == 1, f"books without a passphrase exited {refused.returncode}")
    ok("encrypted store (SQLCipher): opens with its passphrase only")
    book_id = listed[0]["id"]
    password = work / "pdf-password.txt"
    password.write_text("handout password\n", encoding="utf-8")
    locked = work / "locked.pdf"
    export = ["--store", str(store), "export", book_id, "--format", "pdf", "--handout"]
    run(cli, [*export, "--output", str(locked), "--password-file", str(password)], keyed)
    check(b"/AESV3" in locked.read_bytes(), "the locked PDF is not AES-256 (no /AESV3)")
    ok(f"locked PDF (AES-256): {locked.stat().st_size // 1024} KiB")
    sealed = work / "sealed.bbk"
    run(
        cli, ["--store", str(store), "bundle", book_id, "--output", str(sealed), "--encrypt"], keyed
    )
    other = work / "other.sqlite"
    imported = run(cli, ["--store", str(other), "import", str(sealed)], keyed).stdout.strip()
    check(imported == book_id, f"importing the sealed bundle printed {imported!r}")
    ok("sealed bundle (AES-256-GCM, scrypt): written and imported")
    run(cli, ["--store", str(store), "decrypt"], keyed)
    check(store.read_bytes().startswith(b"SQLite format 3"), "decrypt left an encrypted store")
    ok("decrypt: the store is plain SQLite again")


def read_pdf(path: Path) -> tuple[str, int]:
    """What a reader's search finds in the PDF, and how many images it embeds."""
    return pdf_text(path), pdf_image_count(path)


def read_docx(path: Path) -> tuple[str, int]:
    """The DOCX body's XML (its text, escaped as Word stores it) and its media files."""
    with zipfile.ZipFile(path) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        return archive.read("word/document.xml").decode("utf-8"), len(media)


# --- spelling --------------------------------------------------------------------------------

PLANTED_TYPOS = ("goverment", "recieve", "adress")
SMOKE_PERSON = "5f0c2b1e-8a43-4c55-9a3e-2d1b7c9e4f10"


def check_spelling(cli: Path, env: dict[str, str], work: Path) -> None:
    """The frozen ``check`` loads Hunspell and the bundled dictionaries: no false alarm in the
    sample book, and each planted typo (and nothing else) listed in a book that has them."""
    sample = run(cli, ["--store", str(work / "store.sqlite"), "check"], env).stdout
    summary = sample.strip().splitlines()[-1]
    check(summary.endswith(" 0 misspelling(s)."), f"the sample book has misspellings: {sample}")
    ok(f"check on the sample book: {summary}")

    store = work / "spelling.sqlite"
    body = "The {} will {} the Əsədov delegation and {} Mammadov.".format(*PLANTED_TYPOS)
    bundle = {
        "format": "briefbook-bundle",
        "version": 1,
        "book": {
            "title": "Spelling smoke trip",
            "language": "en-US",
            "sections": [{"title": "Situation", "body": body}],
            "participants": [{"person": SMOKE_PERSON, "role": "Counterpart"}],
        },
        "people": [{"id": SMOKE_PERSON, "name": "Elnur Mammadov"}],
    }
    path = work / "spelling.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    run(cli, ["--store", str(store), "import", str(path)], env)
    out = run(cli, ["--store", str(store), "check"], env).stdout
    flagged = [
        line.rsplit("“", 1)[1].rstrip("”")
        for line in out.splitlines()
        if line.startswith("  spelling")
    ]
    check(flagged == list(PLANTED_TYPOS), f"check listed {flagged}, not {PLANTED_TYPOS}:\n{out}")
    ok(f"check lists the planted typos {', '.join(flagged)} and no name")


# --- the desktop app --------------------------------------------------------------------------


def write_bundle(path: Path) -> Path:
    """A one-book bundle (spec/bundle-format.md) with nothing in it that already exists."""
    bundle = {
        "format": "briefbook-bundle",
        "version": 1,
        "book": {
            "title": BUNDLE_TITLE,
            "destination": "Gəncə, Azerbaijan",
            "sections": [{"title": "Situation", "body": "Opened from the desktop."}],
        },
    }
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("bundle.json", json.dumps(bundle, ensure_ascii=False))
    return path


def close_gracefully(process: subprocess.Popen[bytes]) -> None:
    """What the desktop does at logout: SIGTERM, or on Windows a close request to the window."""
    if WINDOWS:
        subprocess.run(["taskkill", "/PID", str(process.pid)], capture_output=True, check=False)
    else:
        process.send_signal(signal.SIGTERM)


def check_gui(gui: Path, cli: Path, env: dict[str, str], work: Path) -> None:
    store = work / "gui-store.sqlite"
    bundle = write_bundle(work / "smoke trip.bbk")
    gui_env = dict(env)
    if not WINDOWS:
        # Windows' offscreen windows get no close request from taskkill: use the real desktop.
        gui_env["QT_QPA_PLATFORM"] = "offscreen"
    log = (work / "gui-output.txt").open("wb")
    # `briefbook --store S file.bbk` is what the file association runs (with the bundle's path).
    process = subprocess.Popen(
        [str(gui), "--store", str(store), str(bundle)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=gui_env,
    )
    try:
        deadline = time.monotonic() + GUI_TIMEOUT
        titles: list[str] = []
        while BUNDLE_TITLE not in titles:
            check(
                process.poll() is None,
                f"the app exited early with {process.returncode}: {output(work)}",
            )
            check(
                time.monotonic() < deadline, f"the bundle was not imported within {GUI_TIMEOUT} s"
            )
            time.sleep(0.5)  # polling another process: there is no signal to wait on
            if store.exists():
                # Read-only listing works while the app holds the store.
                listed = subprocess.run(
                    [str(cli), "--store", str(store), "books", "--json"],
                    capture_output=True,
                    env=env,
                    timeout=COMMAND_TIMEOUT,
                    check=False,
                )
                if listed.returncode == 0:
                    titles = [book["title"] for book in json.loads(listed.stdout or b"[]")]
        ok(f"the app opened {bundle.name}: the store now holds {', '.join(sorted(titles))}")
        close_gracefully(process)
        try:
            status = process.wait(timeout=GUI_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise SmokeFailure(f"the app did not close within {GUI_TIMEOUT} s") from None
        check(status == 0, f"the app exited with {status} when asked to close: {output(work)}")
        ok("the app closed on request and exited with 0")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()


def output(work: Path) -> str:
    path = work / "gui-output.txt"
    return path.read_text(encoding="utf-8", errors="replace")[-2000:] if path.exists() else ""


# --- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="PyInstaller's dist folder"
    )
    parser.add_argument(
        "--app", type=Path, default=None, help="macOS: test this .app bundle's executables"
    )
    parser.add_argument(
        "--max-mb",
        type=float,
        # 160 MB since the script fonts (issue 12); encryption, spelling and the importers
        # fit in it because the Linux build trims ICU's data (packaging/icu_data.py).
        default=160.0 if sys.platform.startswith("linux") else None,
        help="size budget of the folder in MB (default: 160 on Linux, none elsewhere)",
    )
    parser.add_argument("--skip-gui", action="store_true", help="do not start the desktop app")
    args = parser.parse_args(argv)

    if args.app is not None:
        folder = args.app / "Contents"
        executables = folder / "MacOS"
        internal = folder / "Frameworks"
    else:
        folder = args.dist / "briefbook"
        executables = folder
        internal = folder / "_internal"
    gui = executables / f"briefbook{EXE_SUFFIX}"
    console = executables / f"briefbook-cli{EXE_SUFFIX}"
    # Only Windows has a separate console build; elsewhere `briefbook` serves terminals too.
    cli = console if WINDOWS else gui
    try:
        check(gui.is_file(), f"{gui} does not exist: run `make package` first")
        check(cli.is_file(), f"{cli} does not exist")
        check_folder(folder, internal, args.max_mb)
        check_modules(gui)
        with tempfile.TemporaryDirectory(prefix="briefbook-smoke-") as temporary:
            work = Path(temporary)
            env = isolated_environment(work / "home")
            check_exports(cli, env, work)
            check_spelling(cli, env, work)
            check_protection(cli, env, work)
            if not args.skip_gui:
                check_gui(gui, cli, env, work)
    except SmokeFailure as failure:
        print(f"FAIL {failure}", file=sys.stderr)
        return 1
    print("package-test passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
