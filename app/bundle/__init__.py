"""Bundles: one book with everything it uses, as a ``.bbk`` zip or a ``.json`` document."""

from app.bundle.checking import (
    BUNDLE_JSON,
    FORMAT_NAME,
    FORMAT_VERSION,
    KINDS,
    ImportPlan,
    ImportResult,
    bundle_document,
    export_bundle,
    import_bundle,
    plan_import,
)

__all__ = [
    "BUNDLE_JSON",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "KINDS",
    "ImportPlan",
    "ImportResult",
    "bundle_document",
    "export_bundle",
    "import_bundle",
    "plan_import",
]
