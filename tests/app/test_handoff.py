"""A second launch hands its bundle to the window that holds the store, through local files."""

from __future__ import annotations

import json
import os
import stat
import sys

import pytest

from app import handoff
from app.lock import acquire_writer_lock


def test_requests_are_taken_oldest_first_and_removed(tmp_path) -> None:
    store = tmp_path / "briefbook.sqlite"
    first = handoff.send(store, tmp_path / "one.bbk")
    handoff.send(store, tmp_path / "two.bbk")
    assert first.parent == handoff.inbox_for(store)
    assert handoff.take(store) == [tmp_path / "one.bbk", tmp_path / "two.bbk"]
    assert handoff.take(store) == []
    assert list(handoff.inbox_for(store).iterdir()) == []


def test_things_that_are_not_requests_are_dropped(tmp_path) -> None:
    store = tmp_path / "briefbook.sqlite"
    inbox = handoff.ensure_inbox(store)
    (inbox / "a.json").write_text("not json", encoding="utf-8")
    (inbox / "b.json").write_text(json.dumps(["no", "path"]), encoding="utf-8")
    (inbox / "c.json").write_text(json.dumps({"open": 3}), encoding="utf-8")
    (inbox / "d.json").write_bytes(b"x" * (handoff.MAX_REQUEST_BYTES + 10))
    (inbox / "notes.txt").write_text("left alone", encoding="utf-8")
    assert handoff.take(store) == []
    assert [p.name for p in inbox.iterdir()] == ["notes.txt"]


def test_a_store_without_an_inbox_has_no_requests(tmp_path) -> None:
    assert handoff.take(tmp_path / "briefbook.sqlite") == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_inbox_is_owner_only(tmp_path) -> None:
    inbox = handoff.ensure_inbox(tmp_path / "briefbook.sqlite")
    assert stat.S_IMODE(inbox.stat().st_mode) == 0o700


def test_only_a_desktop_app_holding_the_store_takes_bundles(tmp_path) -> None:
    store = tmp_path / "briefbook.sqlite"
    assert not handoff.running_window_can_take(store)  # nobody holds it
    with acquire_writer_lock(store, "cli"):
        assert not handoff.running_window_can_take(store)  # a command line has no window
    with acquire_writer_lock(store, "desktop"):
        assert handoff.running_window_can_take(store)
    assert not handoff.running_window_can_take(store)  # released


def test_links_and_stale_requests_are_dropped(tmp_path) -> None:
    store = tmp_path / "briefbook.sqlite"
    inbox = handoff.ensure_inbox(store)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps({"open": "/somewhere/evil.bbk"}), encoding="utf-8")
    (inbox / "link.json").symlink_to(elsewhere)
    stale = handoff.send(store, tmp_path / "old.bbk")
    ten_minutes_ago = stale.stat().st_mtime - 600
    os.utime(stale, (ten_minutes_ago, ten_minutes_ago))
    fresh = handoff.send(store, tmp_path / "new.bbk")
    assert handoff.take(store) == [tmp_path / "new.bbk"]
    assert not fresh.exists() and not stale.exists()
    assert elsewhere.exists()  # the link went, not what it pointed at


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners")
def test_an_inbox_made_loose_is_tightened_and_one_that_is_not_a_folder_is_refused(
    tmp_path,
) -> None:
    store = tmp_path / "briefbook.sqlite"
    inbox = handoff.inbox_for(store)
    inbox.mkdir(mode=0o777)
    inbox.chmod(0o777)
    handoff.ensure_inbox(store)
    assert stat.S_IMODE(inbox.stat().st_mode) == 0o700
    inbox.rmdir()
    target = tmp_path / "target"
    target.mkdir()
    inbox.symlink_to(target)
    with pytest.raises(handoff.InboxRefused):
        handoff.ensure_inbox(store)
    assert handoff.take(store) == []


@pytest.mark.skipif(
    not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to hand a folder over"
)
def test_an_inbox_owned_by_another_user_is_never_read(tmp_path) -> None:
    store = tmp_path / "briefbook.sqlite"
    inbox = handoff.ensure_inbox(store)
    handoff.send(store, tmp_path / "planted.bbk")
    os.chown(inbox, 65534, 65534)  # as if someone else had made it first
    with pytest.raises(handoff.InboxRefused):
        handoff.ensure_inbox(store)
    assert handoff.take(store) == []
