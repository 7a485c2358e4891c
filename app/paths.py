"""Where BriefBook keeps the store and its logs by default (the platform's user folders)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "BriefBook"
APP_AUTHOR = "BriefBook"
STORE_ENV = "BRIEFBOOK_STORE"
STORE_FILE = "briefbook.sqlite"


def default_store_path() -> Path:
    """``BRIEFBOOK_STORE`` if set, else ``briefbook.sqlite`` in the user data folder."""
    from_env = os.environ.get(STORE_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / STORE_FILE


def log_dir() -> Path:
    """The user's log folder for BriefBook (created on demand by the caller)."""
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
