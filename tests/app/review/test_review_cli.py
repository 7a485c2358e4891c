"""The review commands: review, snapshot, snapshots, compare, export --edition/--watermark."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from review_support import REVIEWER, quoted_comment, reviewed_sample

from app import cli
from app.review.model import Reply
from app.store import Store

SAMPLE_TITLE = "Baku trade and development meetings"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def reviewed_store(tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite"
    with Store.open(path) as store:
        book = reviewed_sample(store)
        book.reviews.set_status(book.sections[0].id, "cleared", REVIEWER)
        comment = quoted_comment(book)
        book.reviews.add_reply(Reply(comment.id, "B. Drafter", "Checked."))
    return path


def test_review_lists_statuses_and_open_comments(
    capsys: pytest.CaptureFixture[str], reviewed_store: Path
) -> None:
    code, out, _ = run(capsys, "--store", str(reviewed_store), "review", SAMPLE_TITLE)
    assert code == 0
    assert "review is on; 1 of 5 sections cleared" in out
    situation = next(line for line in out.splitlines() if line.startswith("Situation"))
    assert situation.split()[1:4] == ["Cleared", "A.", "Reviewer"]
    assert "1 open comment(s)" in out and "Is this still true?" in out and "Checked." in out

    code, out, _ = run(capsys, "--store", str(reviewed_store), "review", SAMPLE_TITLE, "--json")
    data = json.loads(out)
    assert data["enabled"] is True
    assert [s["status"] for s in data["sections"]][:2] == ["cleared", "draft"]
    assert data["sections"][0]["cleared_by"] == REVIEWER and data["sections"][0]["cleared_at"]
    assert set(data["sections"][0]) == {"id", "title", "status", "cleared_by", "cleared_at"}
    (comment,) = data["comments"]
    assert set(comment) == {"id", "target", "author", "text", "resolved", "replies"}
    assert comment["target"]["kind"] == "section" and comment["replies"][0]["text"] == "Checked."


def test_snapshot_snapshots_and_compare_since_the_last_export(
    capsys: pytest.CaptureFixture[str], reviewed_store: Path, tmp_path: Path
) -> None:
    store_arg = ["--store", str(reviewed_store)]
    assert run(capsys, *store_arg, "snapshot", SAMPLE_TITLE, "--name", "Draft one") == (
        0,
        "1\n",
        "",
    )
    pdf = tmp_path / "book.pdf"
    code, _, _ = run(
        capsys, *store_arg, "export", SAMPLE_TITLE, "--format", "pdf", "--output", str(pdf)
    )
    assert code == 0
    code, out, _ = run(capsys, *store_arg, "snapshots", SAMPLE_TITLE, "--json")
    listed = json.loads(out)
    assert [(v["number"], v["name"], v["export"]) for v in listed] == [
        (1, "Draft one", False),
        (2, "", True),
    ]
    assert listed[1]["made_by"] == "pdf, full edition"
    code, out, _ = run(capsys, *store_arg, "snapshots", SAMPLE_TITLE)
    assert "Draft one" in out and "pdf, full edition" in out

    assert run(capsys, *store_arg, "compare", SAMPLE_TITLE, "2")[1] == (
        "Nothing changed from version 2 to now.\n"
    )
    with Store.open(reviewed_store) as store:
        section = store.list_sections(store.find_book(SAMPLE_TITLE).id)[2]
        store.save_section(replace(section, body=section.body + "\n\nA new closing line."))
    code, out, _ = run(capsys, *store_arg, "compare", SAMPLE_TITLE, "2")
    assert code == 0
    assert out.startswith(f"=== Section: {section.title} (changed)\n")
    assert f"--- version 2: {section.title}" in out and f"+++ now: {section.title}" in out
    assert "+A new closing line." in out
    assert run(capsys, *store_arg, "compare", SAMPLE_TITLE, "1", "2")[1].startswith("Nothing")


def test_compare_refuses_unknown_versions(
    capsys: pytest.CaptureFixture[str], reviewed_store: Path
) -> None:
    code, _, err = run(capsys, "--store", str(reviewed_store), "compare", SAMPLE_TITLE, "7")
    assert code == 1 and "no version 7" in err
    code, _, err = run(capsys, "--store", str(reviewed_store), "compare", SAMPLE_TITLE, "x")
    assert code == 1 and "not a version number" in err


def test_export_review_edition_and_watermark(
    capsys: pytest.CaptureFixture[str], reviewed_store: Path, tmp_path: Path
) -> None:
    import docx

    out = tmp_path / "review.docx"
    argv = ["--store", str(reviewed_store), "export", SAMPLE_TITLE, "--format", "docx"]
    assert run(capsys, *argv, "--edition", "review", "--output", str(out))[0] == 0
    assert [c.text for c in docx.Document(str(out)).comments][:2] == [
        "Is this still true?",
        "Checked.",
    ]
    code, _, err = run(capsys, *argv, "--edition", "full", "--handout", "--output", str(out))
    assert code == 1 and "disagree" in err
    code, _, err = run(capsys, *argv, "--watermark", "final", "--output", str(out))
    assert code == 2


def test_export_while_the_app_holds_the_store_still_exports_and_says_no_version_was_kept(
    capsys: pytest.CaptureFixture[str], reviewed_store: Path, tmp_path: Path
) -> None:
    from app.review import versions

    holder = Store.open(reviewed_store, lock="desktop")
    try:
        out = tmp_path / "book.pdf"
        code, printed, err = run(
            capsys,
            "--store",
            str(reviewed_store),
            "export",
            SAMPLE_TITLE,
            "--format",
            "pdf",
            "--output",
            str(out),
        )
        assert (code, printed) == (0, f"{out}\n")
        assert out.exists()
        assert "not saved as a version" in err
        assert versions.list_versions(holder, holder.find_book(SAMPLE_TITLE).id) == []
    finally:
        holder.close()
