"""Pasted HTML (real clipboard samples from Word, a browser, Google Docs, LibreOffice) and
mammoth's HTML become clean Markdown: structure kept, fonts, colours, styles and junk dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from app.importing.html_markdown import clean_link, html_to_markdown

CLIPBOARD = Path(__file__).parent / "data" / "clipboard"
JUNK = ("font", "color", "style", "mso-", "Calibri", "Georgia", "<", "class", "&nbsp;", "\xa0")


def sample(name: str) -> str:
    return (CLIPBOARD / name).read_text(encoding="utf-8")


def token_types(markdown: str) -> list[str]:
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return [token.type for token in parser.parse(markdown)]


@pytest.mark.parametrize("name", sorted(p.name for p in CLIPBOARD.glob("*.html")))
def test_no_formatting_junk_survives(name: str) -> None:
    markdown = html_to_markdown(sample(name))
    assert markdown.strip()
    for junk in JUNK:
        assert junk not in markdown, junk


def test_word_clipboard_keeps_structure_and_takes_changes_as_shown() -> None:
    markdown = html_to_markdown(sample("word-365-windows.html"))
    assert markdown == (
        "# Energy cooperation\n\n"
        "The grid operator is **modernising dispatch** ahead of the *Caspian* offshore wind "
        "tenders; see [the agency's note](https://example.org/energy?id=7).\n\n"
        "The study was signed in 2025 and runs to 2027.\n\n"
        "## Key facts\n\n"
        "- Installed capacity grew in 2025\n"
        "  - Wind: two projects\n"
        "- Tariff reform is pending\n\n"
        "1. Agree the study's scope\n"
        "2. Name a counterpart for data\n\n"
        "| Project | Capacity |\n|---|---|\n| Khizi-Absheron | 240 MW |\n"
    )
    # The comment ("[ED1]" anchor and its text) and the deleted words are gone.
    assert "ED1" not in markdown and "ministry first" not in markdown
    assert "negotiation" not in markdown


def test_browser_clipboard_drops_tracking_and_hidden_parts() -> None:
    markdown = html_to_markdown(sample("chrome-ministry-page.html"))
    assert markdown.startswith("## Sameddin Asadov\n\n**Deputy Minister** of Digital")
    assert "[ministry's website](https://example.gov.az/en/leadership/asadov?lang=en)" in markdown
    assert "utm_" not in markdown and "fbclid" not in markdown
    assert "pixel" not in markdown and "Share on social media" not in markdown
    assert "- 2012–2019: Head of department, **Azercosmos**\n  - satellite programme" in markdown
    assert "| Language | Level |\n|---|---|\n| English | fluent |" in markdown
    types = token_types(markdown)
    assert types.count("heading_open") == 2 and "table_open" in types


def test_google_docs_wrapper_is_not_bold_and_lists_nest() -> None:
    markdown = html_to_markdown(sample("google-docs.html"))
    assert markdown == (
        "# Port of Baku\n\n**Volumes rose** *sharply* in 2025.\n\n"
        "- New berths\n  - two ro-ro berths\n- Rail link\n"
    )


def test_libreoffice_clipboard() -> None:
    markdown = html_to_markdown(sample("libreoffice-writer.html"))
    assert markdown == (
        "# Customs pilot\n\nThe **single-window** pilot started in *March*.\n\n"
        "1. Confirm the memorandum\n2. Invite the director\n"
    )


def test_text_that_looks_like_markdown_stays_text() -> None:
    markdown = html_to_markdown(
        "<p># not a heading, 5*3 [x] a_b `c` &lt;tag&gt;</p><p>- no list</p>"
    )
    parser = MarkdownIt("commonmark")
    html = parser.render(markdown)
    assert "<h1>" not in html and "<ul>" not in html and "<em>" not in html
    assert "# not a heading, 5*3 [x] a_b `c` &lt;tag&gt;" in html


def test_pictures_only_when_asked_and_links_only_web_or_mail() -> None:
    source = '<p>A <img src="https://x.test/a.png" alt="map"> <a href="javascript:x()">b</a></p>'
    assert html_to_markdown(source) == "A b\n"
    shown = html_to_markdown(source, picture=lambda node: f"![{node.attrs['alt']}](image:x)")
    assert shown == "A ![map](image:x) b\n"
    assert clean_link("mailto:a@b.test") == "mailto:a@b.test"
    assert clean_link("file:///etc/passwd") is None
    assert clean_link("https://a.test/?gclid=1&q=2") == "https://a.test/?q=2"


def test_heading_offset_turns_top_headings_into_bold_lines() -> None:
    markdown = html_to_markdown("<h1>Top</h1><h2>Sub</h2><h3>Deeper</h3>", heading_offset=-1)
    assert markdown == "**Top**\n\n# Sub\n\n## Deeper\n"


def test_malformed_html_never_raises() -> None:
    markdown = html_to_markdown("<p><b>unclosed <i>tags</p><li>stray</ul></table></b>")
    assert "unclosed" in markdown and "stray" in markdown
    assert html_to_markdown("<<<>>>&&&;</p></p><") is not None
