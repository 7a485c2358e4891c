"""The main window: its frame, menus and their handlers, navigator, page host, welcome page, read-only mode and search."""
