"""BriefBook's core: the store, the domain, search, bundles, the CLI (no Qt here)."""

# Kept equal to pyproject.toml's version by tests/app/test_version.py. A constant, because
# importlib.metadata costs ~20 ms at start-up and knows nothing inside the frozen app.
__version__ = "0.1.0"
