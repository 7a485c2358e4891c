"""Everything pushed on the undo stack."""
