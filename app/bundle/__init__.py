"""Bundles: one book with everything it uses, as a ``.bbk`` zip or a ``.json`` document.

The format is version 1 of ``spec/bundle-format.md``. A bundle goes through four stages, one
module each:

- ``writing``: a stored book to a ``.bbk`` file (``export_bundle``);
- ``reading``: an untrusted file opened within limits no honest bundle comes near;
- ``checking``: its document read field by field, refused at the first bad field;
- ``merging``: the checked bundle written into the store by id and ``updated_at``
  (``plan_import``, ``import_bundle``).

``format`` holds what they share. Callers import from ``app.bundle``.
"""

from app.bundle.format import BUNDLE_JSON, FORMAT_NAME, FORMAT_VERSION, KINDS
from app.bundle.merging import ImportPlan, ImportResult, import_bundle, plan_import
from app.bundle.writing import bundle_document, export_bundle, export_sealed_bundle

__all__ = [
    "BUNDLE_JSON",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "KINDS",
    "ImportPlan",
    "ImportResult",
    "bundle_document",
    "export_bundle",
    "export_sealed_bundle",
    "import_bundle",
    "plan_import",
]
