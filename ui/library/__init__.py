"""The people and sector-notes libraries: their tables, filters and editors."""
