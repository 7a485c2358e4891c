"""The pages of one book (overview, sections, schedule, participants, book notes) and their models."""
