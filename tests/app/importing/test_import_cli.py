"""``briefbook import`` for Word documents and contact lists: output, exit codes, dry runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.store import Store

DATA = Path(__file__).parent / "data"


def dump(path: Path) -> list[str]:
    with Store.open(path, read_only=True) as store:
        return list(store.conn.iterdump())


def test_docx_prints_the_book_id_and_reports_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "s.sqlite")
    assert main(["--store", store, "import", str(DATA / "desk-libreoffice.docx")]) == 0
    out, err = capsys.readouterr()
    book_id = out.strip()
    with Store.open(Path(store), read_only=True) as opened:
        assert opened.get_book(book_id).title == "Trade desk contribution: Baku logistics"
    assert "3 section(s) added to a new book" in err


def test_docx_into_a_book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "s.sqlite")
    assert main(["--store", store, "demo"]) == 0
    sample = capsys.readouterr().out.strip()
    docx = str(DATA / "desk-python-docx.docx")
    assert main(["--store", store, "import", docx, "--into", sample]) == 0
    assert capsys.readouterr().out.strip() == sample
    assert main(["--store", store, "import", docx, "--into", "No such book"]) == 1
    assert main(["--store", store, "import", docx, "--dry-run"]) == 1


def test_people_dry_run_then_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "s.sqlite"
    assert main(["--store", str(store), "demo"]) == 0
    capsys.readouterr()
    contacts = str(DATA / "contacts-apple-v3.vcf")
    before = dump(store)
    assert main(["--store", str(store), "import", contacts, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert dump(store) == before
    assert "1 to add, 1 to update, 0 to skip" in out and "Dry run: nothing was changed." in out
    assert main(["--store", str(store), "import", contacts]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "contacts-apple-v3.vcf (vCard, 2 rows): 1 added, 1 updated, 0 skipped."
    assert any("updated  row 1 (Sameddin F. Asadov)" in line for line in out)
    assert main(["--store", str(store), "import", contacts]) == 0
    assert "0 added, 0 updated, 2 skipped" in capsys.readouterr().out


def test_dry_run_without_a_store_creates_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "none.sqlite"
    assert main(["--store", str(store), "import", str(DATA / "contacts-v4.vcf"), "--dry-run"]) == 0
    assert "2 to add" in capsys.readouterr().out
    assert not store.exists()


def test_hostile_file_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s.sqlite"
    assert main(["--store", str(store), "demo"]) == 0
    capsys.readouterr()
    before = dump(store)
    fake = tmp_path / "brief.docx"
    fake.write_bytes(b"%PDF-1.7 not a Word document")
    assert main(["--store", str(store), "import", str(fake)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "brief.docx was not imported: it is not a Word document" in err
    assert dump(store) == before
