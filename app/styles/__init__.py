"""House styles: an office's look (fonts, colours, page set-up, letterhead, logo, cover layout and
optionally its own Word document or template) kept in the store and applied by both writers.

- ``model``: the ``HouseStyle`` record and the built-in style (BriefBook's own look);
- ``records``: reading and writing styles in the store (the only SQL of this package);
- ``reference``: reading an office's ``.docx``/``.dotx`` (page set-up, fonts, colours,
  letterhead), including python-docx's refusal of ``.dotx``;
- ``files``: a style as a small ``.bbstyle`` file, and as the ``house_style`` of a bundle;
- ``resolve``: which style an export uses (``--style NAME|FILE``, the book's, the default).

No Qt and no writer code here: ``exports.house_style`` turns a style into PDF and DOCX looks.
"""
