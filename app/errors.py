"""Errors a user can cause. Their message is one plain sentence fit to show as it is."""

from __future__ import annotations


class BriefBookError(Exception):
    """Base for every error whose message is meant for the user."""


class StoreRefused(BriefBookError):
    """The store file cannot be used: not a BriefBook store, newer, damaged or unreachable.

    The file was left exactly as it was.
    """


class StoreWriteError(BriefBookError):
    """A write to the store failed (read-only file, disk full, file gone); nothing was changed."""


class NotFound(BriefBookError):
    """A book, person, note or other record that was asked for does not exist."""


class InvalidInput(BriefBookError):
    """Input that breaks a rule of the domain (end before start, empty title...)."""


class BundleRefused(BriefBookError):
    """A bundle that cannot be imported; the store is unchanged."""


class ExportFailed(BriefBookError):
    """An export could not be written; no partial file was left and any previous file is kept."""


class StoreLocked(StoreRefused):
    """Another process has the store open for writing; the message names it."""


class StoreDamaged(StoreRefused):
    """The store file is damaged (truncated, fails SQLite's integrity check); a backup may help."""
