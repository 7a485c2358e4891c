"""Dialogs opened from the menus: export, restore from backup, preferences, about."""
