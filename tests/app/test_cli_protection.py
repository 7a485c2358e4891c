"""The protection commands of spec/cli.md, in-process: encrypt, decrypt, change-passphrase,
the passphrase sources, locked PDFs and sealed bundles."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from protection_support import OTHER_SECRET, SECRET, make_store_with_backups, readable_files

from app import cli
from app.paths import STORE_ENV
from app.protection import keys, passphrases
from app.sample import SAMPLE_BOOK_ID
from app.store import Store


@pytest.fixture(autouse=True)
def clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(STORE_ENV, raising=False)
    monkeypatch.delenv(passphrases.ENVIRONMENT, raising=False)
    monkeypatch.delenv(passphrases.NEW_ENVIRONMENT, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def _secret_file(folder: Path, name: str, secret: str) -> Path:
    file = folder / name
    file.write_text(secret + "\n", encoding="utf-8")
    return file


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    keys.forget_all()  # each command is its own process in real life
    return code, out, err


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return make_store_with_backups(tmp_path / "data" / "briefbook.sqlite")


@pytest.fixture
def encrypted(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    secret = _secret_file(tmp_path, "pass.txt", SECRET)
    code, _, err = run(capsys, "--store", str(store), "encrypt", "--passphrase-file", str(secret))
    assert code == 0, err
    return store


def test_encrypt_then_every_command_needs_the_passphrase(
    encrypted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert readable_files(encrypted.parent) == []
    before = _tree_digest(encrypted.parent)
    for command in (["books"], ["search", "Baku"], ["check"], ["backups"], ["demo"]):
        code, _, err = run(capsys, "--store", str(encrypted), *command)
        assert code == 1, command
        assert "passphrase" in err and "Traceback" not in err
    wrong = _secret_file(tmp_path, "wrong.txt", OTHER_SECRET)
    code, _, err = run(capsys, "--store", str(encrypted), "books", "--passphrase-file", str(wrong))
    assert code == 1 and "does not open" in err
    assert _tree_digest(encrypted.parent) == before


def test_the_passphrase_comes_from_a_file_or_the_environment(
    encrypted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    secret = _secret_file(tmp_path, "pass.txt", SECRET)
    code, out, _ = run(capsys, "--store", str(encrypted), "books", "--passphrase-file", str(secret))
    assert code == 0 and "Baku" in out
    monkeypatch.setenv(passphrases.ENVIRONMENT, SECRET)
    for command in (["search", "Baku"], ["check"], ["backups", "--json"]):
        code, out, err = run(capsys, "--store", str(encrypted), *command)
        assert code == 0, (command, err)
    code, out, _ = run(capsys, "--store", str(encrypted), "restore", "latest")
    assert code == 0
    assert readable_files(encrypted.parent) == []


def test_change_passphrase_and_decrypt(
    encrypted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _secret_file(tmp_path, "old.txt", SECRET)
    new = _secret_file(tmp_path, "new.txt", OTHER_SECRET)
    store = ["--store", str(encrypted)]
    code, _, err = run(
        capsys,
        *store,
        "change-passphrase",
        "--passphrase-file",
        str(old),
        "--new-passphrase-file",
        str(new),
    )
    assert code == 0, err
    assert run(capsys, *store, "books", "--passphrase-file", str(old))[0] == 1
    assert run(capsys, *store, "books", "--passphrase-file", str(new))[0] == 0
    code, _, err = run(capsys, *store, "decrypt", "--passphrase-file", str(new))
    assert code == 0, err
    code, out, _ = run(capsys, *store, "books")
    assert code == 0 and "Baku" in out


def test_a_short_new_passphrase_is_refused(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree_digest(store.parent)
    short = _secret_file(tmp_path, "short.txt", "abc")
    code, _, err = run(capsys, "--store", str(store), "encrypt", "--passphrase-file", str(short))
    assert code == 1 and "at least 8" in err
    assert _tree_digest(store.parent) == before


def test_encrypt_without_any_passphrase_is_refused(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree_digest(store.parent)
    code, _, err = run(capsys, "--store", str(store), "encrypt")
    assert code == 1 and "passphrase" in err.lower()
    assert _tree_digest(store.parent) == before


def _qpdf() -> str:
    found = shutil.which("qpdf")
    if found is None:
        pytest.skip("qpdf is not installed (make deps installs it): cannot inspect PDF encryption")
    return found


@pytest.mark.parametrize("copying", [True, False])
def test_export_password_file_writes_an_aes256_r6_pdf(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], copying: bool
) -> None:
    qpdf = _qpdf()
    password = _secret_file(tmp_path, "pdf.txt", "handout pass")
    output = tmp_path / "out" / "handout.pdf"
    output.parent.mkdir()
    argv = ["--store", str(store), "export", SAMPLE_BOOK_ID, "--format", "pdf"]
    argv += ["--output", str(output), "--handout", "--password-file", str(password)]
    code, _, err = run(capsys, *argv, *([] if copying else ["--no-copying"]))
    assert code == 0, err
    assert sorted(p.name for p in output.parent.iterdir()) == ["handout.pdf"]
    shown = subprocess.run(
        [qpdf, "--show-encryption", "--password=handout pass", str(output)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "R = 6" in shown
    assert "file encryption method: AESv3" in shown
    assert "print high resolution: allowed" in shown
    assert ("extract for any purpose: allowed" in shown) is copying
    refused = subprocess.run(
        [qpdf, "--check", str(output)], capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0 and "password" in (refused.stderr + refused.stdout).lower()
    from pypdf import PdfReader

    reader = PdfReader(output)
    assert reader.is_encrypted
    assert reader.decrypt("handout pass")
    assert "Baku" in reader.pages[0].extract_text()


def test_a_sealed_bundle_imports_only_with_its_passphrase(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle_secret = _secret_file(tmp_path, "bundle.txt", "bundle passphrase")
    wrong = _secret_file(tmp_path, "wrong.txt", OTHER_SECRET)
    sealed = tmp_path / "trip.bbk"
    code, _, err = run(
        capsys,
        *["--store", str(store), "bundle", SAMPLE_BOOK_ID, "--output", str(sealed)],
        *["--encrypt", "--passphrase-file", str(bundle_secret)],
    )
    assert code == 0, err
    assert not any(
        marker in sealed.read_bytes() for marker in (b"Baku", b"bundle.json", b"Azerbaijan")
    )
    other = tmp_path / "other" / "briefbook.sqlite"
    other.parent.mkdir()
    with Store.open(other):
        pass
    before = hashlib.sha256(other.read_bytes()).hexdigest()
    target = ["--store", str(other), "import", str(sealed)]
    code, _, err = run(capsys, *target)
    assert code == 1 and "passphrase" in err
    code, _, err = run(capsys, *target, "--passphrase-file", str(wrong))
    assert code == 1 and "does not open" in err
    tampered = tmp_path / "tampered.bbk"
    data = bytearray(sealed.read_bytes())
    data[-30] ^= 0x01
    tampered.write_bytes(bytes(data))
    code, _, err = run(
        capsys,
        "--store",
        str(other),
        "import",
        str(tampered),
        "--passphrase-file",
        str(bundle_secret),
    )
    assert code == 1 and "changed" in err
    assert hashlib.sha256(other.read_bytes()).hexdigest() == before
    code, out, err = run(capsys, *target, "--passphrase-file", str(bundle_secret))
    assert code == 0, err
    assert out.strip() == SAMPLE_BOOK_ID
