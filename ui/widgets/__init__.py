"""Widgets that know nothing of the store or the app context: rich text, dates, icons, labels, message boxes."""
