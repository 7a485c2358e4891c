"""Start-up, opening a store, the bundle inbox, background runners, autosave and error reporting."""
