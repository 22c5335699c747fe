"""Normalize: raw input to the clean prose every later offset points into.

HTML pages go through trafilatura (boilerplate dropped); text with HTML tags mixed
into prose is parsed as a fragment; "Read more" link blocks are removed first in
both. Words glued together by a scrape are split where the word-frequency check is
sure. The raw input is kept beside the result for provenance.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import date
from functools import cache
from importlib import resources

import lxml.html
import trafilatura
import wordfreq
from lxml.etree import ParserError
from trafilatura.settings import Document as PageExtraction

from claimgraph.extract.times import find_header_date
from claimgraph.records import Document, InputProblem, RawDocument

INLINE_TAG = re.compile(
    r"</?(?:p|br|em|strong|a|b|i|u|span|div|h[1-6]|ul|ol|li|blockquote|figure|figcaption)\b[^>]*>",
    re.IGNORECASE,
)
FULL_PAGE = re.compile(r"^\s*(?:<!doctype html|<html\b)", re.IGNORECASE)
READ_MORE = re.compile(r"^\s*(?:read more|related|see also|more on this)\s*:?\s*$", re.IGNORECASE)
SEPARATOR = re.compile(r"[ \t]*_{3,}[ \t]*")
BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figure",
    "figcaption",
    "section",
    "article",
    "tr",
    "table",
}
# A closing quote glued to the next word ("Mad Dog”James") gets its space back.
GLUED_QUOTE = re.compile(r"(?<=\w[”\"])(?=[A-Z])|(?<=[a-z][.!?][”])(?=[A-Z])")
LOWER_WORD = re.compile(r"\b[a-z]{7,}\b")

# Splitting glued words (wordfreq's Zipf scale: log10 of frequency per billion words, so
# 3 = once per million). A split wins when the two words in a row are likelier than the
# glued form, treating them as independent: za + zb - 9 > zw, with a small bonus
# because scrapes do lose spaces. Parts must be words of three letters or more; a
# glued form that is itself a (rare) word splits only into two very common words.
# Checked on the Mosul and FA-KES reports: "unhinderedfrom", "onetenth", "nextdoor",
# "carbombs" split; "daytime", "handout", "infighting", "schoolchildren" do not.
MAX_GLUED_ZIPF = 2.5
MIN_PART_ZIPF = 2.5
MIN_PART_ZIPF_IF_WORD = 4.5
MIN_PART_LENGTH = 3
MISSING_SPACE_BONUS = 0.5
# Two candidate splits closer than this are a tie: not sure, so no split.
MIN_MARGIN = 1.0


@cache
def _never_split() -> tuple[frozenset[str], tuple[str, ...]]:
    """Words never split, and prefixes ("over-") after which no split is made."""
    path = resources.files("claimgraph.data").joinpath("never_split.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    entries = [w.strip().lower() for w in lines if w.strip() and not w.startswith("#")]
    words = frozenset(e for e in entries if not e.endswith("-"))
    return words, tuple(e[:-1] for e in entries if e.endswith("-"))


@cache
def split_glued_word(word: str) -> str | None:
    """The two words a glued lowercase token is made of ("nextdoor" -> "next door"), or None.

    Returns None unless one split is clearly likelier than the word itself and than
    any other split.
    """
    whole = wordfreq.zipf_frequency(word, "en")
    words, prefixes = _never_split()
    if whole > MAX_GLUED_ZIPF or word in words:
        return None
    min_part = MIN_PART_ZIPF_IF_WORD if whole > 0 else MIN_PART_ZIPF
    scored: list[tuple[float, str]] = []
    for cut in range(MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1):
        left, right = word[:cut], word[cut:]
        if left in prefixes:
            continue
        z_left = wordfreq.zipf_frequency(left, "en")
        z_right = wordfreq.zipf_frequency(right, "en")
        score = z_left + z_right - 9 + MISSING_SPACE_BONUS
        if min(z_left, z_right) >= min_part and score > whole:
            scored.append((score, f"{left} {right}"))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] - scored[1][0] < MIN_MARGIN):
        return None
    return scored[0][1]


def split_glued_words(text: str) -> str:
    """``text`` with glued lowercase words split where the dictionary check is sure."""
    return LOWER_WORD.sub(lambda m: split_glued_word(m.group(0)) or m.group(0), text)


def _drop_keeping_tail(element: lxml.html.HtmlElement) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _only_links(element: lxml.html.HtmlElement) -> bool:
    if element.tag == "a":
        return True
    linked = "".join(a.text_content() for a in element.iter("a"))
    return bool(linked.strip()) and linked.strip() == element.text_content().strip()


def drop_read_more_blocks(root: lxml.html.HtmlElement) -> None:
    """Remove "Read more:" headings with the run of link-only elements that follows them."""
    for heading in [e for e in root.iter() if READ_MORE.match(e.text_content() or "")]:
        if heading.getparent() is None or any(heading is a for a in root.iter("a")):
            continue
        following = heading.getnext()
        _drop_keeping_tail(heading)
        while following is not None and _only_links(following):
            after = following.getnext()
            _drop_keeping_tail(following)
            following = after


def _block_text(root: lxml.html.HtmlElement) -> str:
    """The text of an element tree, with block elements on lines of their own."""
    parts: list[str] = []

    def walk(element: lxml.html.HtmlElement) -> None:
        block = element.tag in BLOCK_TAGS
        if block:
            parts.append("\n\n")
        if element.text:
            parts.append(element.text)
        for child in element:
            if isinstance(child.tag, str) and child.tag not in ("script", "style"):
                walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n\n")

    walk(root)
    return "".join(parts)


def html_fragment_to_text(fragment: str) -> str:
    """Prose from text with inline HTML tags, "Read more" link blocks removed."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except ParserError:
        return html.unescape(INLINE_TAG.sub("", fragment))
    drop_read_more_blocks(root)
    return _block_text(root)


def html_page_to_text(page: str) -> tuple[str, str | None, str | None]:
    """(main text, title, date) of a whole HTML page, boilerplate dropped by trafilatura."""
    try:
        root = lxml.html.document_fromstring(page)
    except (ParserError, ValueError):
        return "", None, None
    drop_read_more_blocks(root)
    result = trafilatura.bare_extraction(root, with_metadata=True, include_comments=False)
    if not isinstance(result, PageExtraction):
        return "", None, None
    return result.text or "", result.title, result.date


def tidy_whitespace(text: str) -> str:
    """Single spaces inside lines, at most one blank line between paragraphs, no separators."""
    text = SEPARATOR.sub("\n\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def document_id(source: str | None, text: str) -> str:
    """The content hash that identifies a document: its source and normalized text."""
    digest = hashlib.sha256(f"{source or ''}\x00{text}".encode()).hexdigest()
    return digest[:20]


def normalize(raw: RawDocument) -> Document | InputProblem:
    """A normalized :class:`Document` from a raw one, or the reason there is no text."""
    title, published = raw.title, raw.published
    if raw.format == "html" or FULL_PAGE.match(raw.raw):
        text, page_title, page_date = html_page_to_text(raw.raw)
        title = title or page_title
        published = published or page_date
    elif INLINE_TAG.search(raw.raw):
        text = html_fragment_to_text(raw.raw)
    else:
        text = html.unescape(raw.raw)
    text = tidy_whitespace(split_glued_words(GLUED_QUOTE.sub(" ", text)))
    if not text:
        return InputProblem(raw.origin, "no text left after removing markup")
    inferred = False
    if published is None:
        header_date: date | None = find_header_date(text)
        if header_date is not None:
            published, inferred = header_date.isoformat(), True
    return Document(
        id=raw.id or document_id(raw.source, text),
        origin=raw.origin,
        source=raw.source,
        url=raw.url,
        title=title,
        published=published,
        published_inferred=inferred,
        language="en",
        text=text,
        raw=raw.raw,
        format=raw.format,
    )
