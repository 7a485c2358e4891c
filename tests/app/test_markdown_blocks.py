"""Markdown bodies become neutral blocks; user text comes out as written."""

from __future__ import annotations

from app.document import (
    CodeBlock,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Run,
    Table,
)
from app.markdown_blocks import markdown_inline_runs, markdown_to_blocks


def test_empty_body_gives_no_blocks() -> None:
    assert markdown_to_blocks("", 2, "s") == []
    assert markdown_to_blocks("  \n\n ", 2, "s") == []


def test_inline_formatting_becomes_runs() -> None:
    [para] = markdown_to_blocks("a **b** *c* ~~d~~ `e` [f](https://x.org)", 2, "s")
    assert isinstance(para, Paragraph)
    assert para.runs == [
        Run("a "),
        Run("b", bold=True),
        Run(" "),
        Run("c", italic=True),
        Run(" "),
        Run("d", strike=True),
        Run(" "),
        Run("e", code=True),
        Run(" "),
        Run("f", link="https://x.org"),
    ]


def test_nested_emphasis_and_line_breaks() -> None:
    [para] = markdown_to_blocks("***both*** soft\nwrap hard\\\nbreak", 2, "s")
    assert isinstance(para, Paragraph)
    assert para.runs[0] == Run("both", bold=True, italic=True)
    assert para.text == "both soft wrap hard\nbreak"


def test_only_safe_links_are_kept() -> None:
    [para] = markdown_to_blocks(
        "[a](javascript:alert(1)) [b](file:///etc) [c](mailto:x@y.z)", 2, "s"
    )
    assert isinstance(para, Paragraph)
    links = {run.text: run.link for run in para.runs if run.text.strip()}
    assert links["c"] == "mailto:x@y.z"
    assert all(run.link is None for run in para.runs if run.text in ("a", "b"))


def test_headings_nest_below_the_base_level_and_clamp() -> None:
    blocks = markdown_to_blocks("# One\n\n## Two\n\n###### Six", 2, "sec-1")
    headings = [b for b in blocks if isinstance(b, Heading)]
    assert [(h.level, h.text) for h in headings] == [(3, "One"), (4, "Two"), (6, "Six")]
    assert [h.anchor for h in headings] == ["sec-1-h1", "sec-1-h2", "sec-1-h3"]
    assert not any(h.in_toc for h in headings)


def test_nested_lists_keep_their_structure() -> None:
    [outer] = markdown_to_blocks("3. one\n   - inner a\n   - inner b\n4. two\n", 2, "s")
    assert isinstance(outer, ListBlock)
    assert outer.ordered and outer.start == 3
    assert len(outer.items) == 2
    first = outer.items[0].blocks
    assert isinstance(first[0], Paragraph) and first[0].text == "one"
    inner = first[1]
    assert isinstance(inner, ListBlock) and not inner.ordered
    assert [item.blocks[0].text for item in inner.items] == ["inner a", "inner b"]  # type: ignore[union-attr]


def test_quote_table_code_and_rule() -> None:
    text = "> quoted *text*\n\n| A | B |\n|---|---|\n| 1 | 2 |\n| 3 |\n\n```\nx  =  1\n```\n\n---\n"
    quote, table, code, rule = markdown_to_blocks(text, 2, "s")
    assert isinstance(quote, Quote) and isinstance(quote.blocks[0], Paragraph)
    assert quote.blocks[0].text == "quoted text"
    assert isinstance(table, Table) and table.header_rows == 1 and table.style == "grid"
    cells = [[cell.blocks[0].text if cell.blocks else "" for cell in row] for row in table.rows]  # type: ignore[union-attr]
    assert cells == [["A", "B"], ["1", "2"], ["3", ""]]
    assert code == CodeBlock("x  =  1")
    assert isinstance(rule, Rule)


def test_html_is_shown_as_written_never_interpreted() -> None:
    inline, block = markdown_to_blocks(
        "Raw <b>not bold</b> & <i>x</i>\n\n<div>\n*kept*\n</div>", 2, "s"
    )
    assert isinstance(inline, Paragraph)
    assert inline.text == "Raw <b>not bold</b> & <i>x</i>"
    assert not any(run.bold or run.italic for run in inline.runs)
    assert isinstance(block, Paragraph) and block.text == "<div>\n*kept*\n</div>"


def test_markup_characters_and_control_characters() -> None:
    [para] = markdown_to_blocks("AT&T 5 < 6 > 4 \"q\" 'a' bell\x07 tab\tend", 2, "s")
    assert isinstance(para, Paragraph)
    assert para.text == "AT&T 5 < 6 > 4 \"q\" 'a' bell tab\tend"


def test_image_shows_its_description() -> None:
    [para] = markdown_to_blocks("![a map of Baku](map.png)", 2, "s")
    assert isinstance(para, Paragraph) and para.text == "[a map of Baku]"


def test_inline_runs_flatten_paragraphs() -> None:
    runs = markdown_inline_runs("Agree **next** steps.\n\nThen *report*.")
    assert "".join(r.text for r in runs) == "Agree next steps. Then report."
    assert Run("next", bold=True) in runs
