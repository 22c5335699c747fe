"""Attributions: who said what, with the cue word that says so.

The rules read the dependency parse with two lexicons users may extend,
``data/attribution_cues.csv`` (cue words) and ``data/speaker_nouns.csv`` (nouns that
make an unnamed source or name a kind of outlet), with the outlets' names from
``data/news_outlets.csv``:

* A cue verb ("said", "told", "plans", "denied") gives its content to its subject.
  PolNeAR's convention is followed: beliefs, intentions and positions are
  attributions too ("X wants to ...", "X called for ...").  The content is, in this
  order: a quotation standing right before the reporting clause ("“...,” one officer
  said"), one right after it ("he said: “...”"), both halves of a quote split around
  the cue as one content (a Span has no gap: it runs from the first half to the
  last, the reporting clause inside); the verb's clausal complement ("X said that
  ..."); for naming verbs the name given ("what the UN has called the largest ...");
  the complement the lexicon names for the verb: open complement ("plans to raise
  taxes"), direct object ("denied the report") or a preposition's object ("warned
  of", "called for"), on through the complements after it; the clause the
  reporting clause trails ("X, Reuters reported.", "..., as X said"); or in the
  passive with an agent, the subject ("the story was first reported by the Post").
* A nominal cue with a possessor or a "by"/"from" phrase gives its "that" clause or
  "to" infinitive ("his claim that ...", "the ministry's plan to ...").
* "according to X" gives the rest of its sentence to X; a line opened by a person's
  name and a colon (a transcript's "PENCE: ...", a headline's "Pence: ...") the rest
  of the line.
* Quotations that follow an attribution with no cue of their own go on with its
  speaker, as journalists name a speaker once per run of quotes: in the same
  paragraph as a quoted attribution they extend its content (PolNeAR's one
  statement); after reported speech or over a paragraph break, whole-sentence
  quotes are attributions of their own.
* Hedges with no source anywhere in the sentence ("reportedly", "it is believed
  that ...") are ``unattributed``.

``source`` is the speaker's noun phrase as written, without appositions or relative
clauses ("Dustin A Lewis", not "Dustin A Lewis, a senior researcher at ...").
``speaker`` is the resolved speaker: a person's full name (a later "Barazi" becomes
"Talal Barazi"), a known organization's canonical name, the outlet, the unnamed
source's description ("one coalition officer"), the ``publisher`` for its own
sourcing ("our sources"), or what a pronoun or a bare "the mother" refers back to.
Continued quotes carry the source span of the attribution they continue and no cue.
Cues inside quotations, or inside the content credited to someone else, are not read:
what a speaker reports is part of their words ("the ministry said the rebels plan to
attack" credits the ministry alone).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from claimgraph.annotate import lookup_alias
from claimgraph.data import read_rows
from claimgraph.records import Attribution, Span

CUE_KINDS = ("verb", "naming", "preposition", "adverb", "passive", "noun")
# Where a verb cue's content is when it has no quote and no clausal complement: its
# open complement ("plans to raise taxes"), direct object ("denied the report") or the
# object of a preposition ("warned of", "called for"), written "prep:of".
CONTENT_RULES = ("xcomp", "dobj", "prep")

# Double quotation marks; a run of one glyph ("" in scraped CSV text) is one mark, and
# two apostrophes are one too (''...'' in some newspapers' archives).
_QUOTE_RE = re.compile(r"""(["“”„‟«»＂]|'')\1*""")
_CLOSERS = frozenset("”»")
_QUOTE_GLYPHS = frozenset(['"', "“", "”", "„", "‟", "«", "»", "＂", "''"])
_OPEN_AFTER = frozenset("([{<—–-/")  # a straight quote right after these opens
_CLOSE_BEFORE = frozenset(".,;:!?)]}>—–-/…")  # one right before these closes
_PARAGRAPH_RE = re.compile(r"\n[ \t\r]*\n")
_SENTENCE_END = frozenset(".!?…")
_EDGE_PUNCT = " \t\r\n,;:—–-"

# Person pronouns that refer back; "we" outside quotes is the outlet's own voice.
_PRONOUNS = frozenset({"he", "she", "they", "it"})
# The dependents of a verb that complete its content after the object.
_COMPLEMENT_DEPS = frozenset({"prep", "xcomp", "oprd", "ccomp", "npadvmod", "dative", "acomp"})
_POSSESSIVES = {"his": "he", "her": "she", "their": "they", "its": "it"}
_INDEFINITES = frozenset({"someone", "somebody", "many", "some", "others", "several", "most"})
_QUANTIFIERS = frozenset({"one", "some", "many", "several", "most", "two", "three", "few", "all"})
_NAMING_PREPS = frozenset({"as", "of", "at"})
_ORG_LABELS = frozenset({"ORG", "ORGANIZATION", "GPE", "NORP", "FAC"})
_PERSON_KINDS = frozenset({"named_person", "anonymous"})
_MAX_NAME_TOKENS = 4  # a speaker's name before a colon: "Sen. Elizabeth Warren:"
_MAX_LEAD_TOKENS = 12  # "he told Reuters in a telephone interview: “..."


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue of the lexicon: a verb lemma (with particle), a preposition or an adverb."""

    words: tuple[str, ...]
    kind: str  # see CUE_KINDS
    hedge: bool  # the agentless passive ("it is said that") marks an unattributed claim
    content: tuple[str, ...] = ()  # CONTENT_RULES tried in order, "prep:<word>" for prep


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """The cue lexicon, indexed the way the extractor looks words up."""

    verbs: dict[str, tuple[Cue, ...]]  # by verb lemma
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # multiword prepositions by first word
    adverbs: frozenset[str]
    nouns: frozenset[str]  # nominal cues by lemma: "claim", "statement", "plan"


@dataclass(frozen=True, slots=True)
class SpeakerLexicon:
    """Nouns that name unnamed people or organizations, and media outlet names."""

    person: dict[str, str]  # lemma -> gender ("", "f", "m")
    organization: frozenset[str]
    media: re.Pattern[str]


@cache
def cue_lexicon() -> CueLexicon:
    """The cue lexicon shipped in ``claimgraph/data/attribution_cues.csv``."""
    verbs: dict[str, list[Cue]] = {}
    phrases: dict[str, list[tuple[str, ...]]] = {}
    adverbs: set[str] = set()
    nouns: set[str] = set()
    for row in _rows("attribution_cues.csv"):
        words = tuple(row["cue"].lower().split())
        kind = row["kind"]
        content = tuple(row.get("content", "").lower().split())
        if (
            not words
            or kind not in CUE_KINDS
            or any(rule.partition(":")[0] not in CONTENT_RULES for rule in content)
        ):
            raise ValueError(f"attribution_cues.csv: bad row {row!r}")
        cue = Cue(words, kind, row.get("hedge", "").lower() in ("yes", "true", "1"), content)
        if kind == "preposition":
            phrases.setdefault(words[0], []).append(words)
        elif kind == "adverb":
            adverbs.add(words[0])
        elif kind == "noun":
            nouns.add(words[0])
        else:
            verbs.setdefault(words[0], []).append(cue)
    return CueLexicon(
        {lemma: tuple(cues) for lemma, cues in verbs.items()},
        {first: tuple(seqs) for first, seqs in phrases.items()},
        frozenset(adverbs),
        frozenset(nouns),
    )


@cache
def speaker_lexicon() -> SpeakerLexicon:
    """The speaker lexicon: ``data/speaker_nouns.csv`` and the names of ``news_outlets.csv``."""
    person: dict[str, str] = {}
    organization: set[str] = set()
    media: list[str] = []
    # The outlets' names come from the entity ruler's table, the generic nouns from ours.
    outlets = [
        {"term": alias, "speaker_kind": "media_outlet"}
        for row in read_rows("news_outlets.csv")
        for alias in row["aliases"].split("|")
        if alias.strip()
    ]
    for row in [*_rows("speaker_nouns.csv"), *outlets]:
        term, kind = row["term"].strip(), row["speaker_kind"]
        if kind == "anonymous":
            person[term.lower()] = row.get("gender", "").lower()
        elif kind == "organization":
            organization.add(term.lower())
        elif kind == "media_outlet":
            # Names ("Reuters", "AP") match in their case; lower-case terms ("state TV")
            # in any case.
            escaped = re.escape(term)
            media.append(f"(?i:{escaped})" if term[:1].islower() else escaped)
        else:
            raise ValueError(f"speaker_nouns.csv: bad row {row!r}")
    media.sort(key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(media) + r")(?![\w-])")
    return SpeakerLexicon(person, frozenset(organization), pattern)


def _rows(name: str) -> list[dict[str, str]]:
    """A data file's rows; rows with an empty first column are skipped."""
    return [row for row in read_rows(name) if next(iter(row.values()), "")]


def extract_attributions(doc: Doc, publisher: str | None = None) -> list[Attribution]:
    """Who said what in an annotated document, in text order.

    ``doc`` must come from a pipeline with a dependency parser (the annotate stage's);
    without a parse there is nothing to read and the result is empty.  ``publisher``
    names the outlet, the speaker of its own sourcing ("our sources report ...").
    Offsets are character offsets into ``doc.text``.
    """
    if not len(doc) or not doc.has_annotation("DEP"):
        return []
    return _Reader(doc, publisher).read()


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: its marks and the quoted text between them (character offsets)."""

    open_start: int
    start: int
    end: int
    close_end: int  # == end where a paragraph break closed an unclosed quote


@dataclass(frozen=True, slots=True)
class _Who:
    """A classified speaker mention."""

    speaker: str | None
    kind: str
    plural: bool = False
    gender: str = ""
    head: str = ""  # the noun a later "the <noun>" refers back with


@dataclass(slots=True)
class _Found:
    """An attribution being built, with what the later passes need."""

    attribution: Attribution
    last: int  # last token it covers, where a run of continued quotes may start
    quote: int | None = None  # index of the quote that is its content


def find_quotes(text: str) -> list[Quote]:
    """Pair the quotation marks of a text; stray marks are dropped, never fatal.

    Curly marks say which way they face; straight ones are read from what touches
    them (space before and a letter after: opening).  A second opening mark before a
    closing one means the first was stray.  A quote still open at a paragraph break
    ends there when the next paragraph opens a quote again (the convention for a
    quote that runs over paragraphs); otherwise it was stray.
    """
    quotes: list[Quote] = []
    breaks = [m.start() for m in _PARAGRAPH_RE.finditer(text)]
    opened: tuple[int, int] | None = None
    for match in _QUOTE_RE.finditer(text):
        start, end = match.span()
        glyph = match.group(1)
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        left = (
            bool(after)
            and not after.isspace()
            and (not before or before.isspace() or before in _OPEN_AFTER)
        )
        right = (
            bool(before)
            and not before.isspace()
            and (not after or after.isspace() or after in _CLOSE_BEFORE)
        )
        if opened is not None:
            at = bisect_left(breaks, opened[1])
            if at < len(breaks) and breaks[at] < start:
                stop = breaks[at]
                while stop > opened[1] and text[stop - 1].isspace():
                    stop -= 1
                reopens = left and not text[breaks[at] : start].strip()
                if reopens and stop > opened[1]:
                    quotes.append(Quote(opened[0], opened[1], stop, stop))
                opened = None
        if opened is None:
            if left or (not right and glyph not in _CLOSERS):
                opened = (start, end)
        elif left and not right and glyph not in _CLOSERS:
            opened = (start, end)
        else:
            if text[opened[1] : start].strip():
                quotes.append(Quote(opened[0], opened[1], start, end))
            opened = None
    return quotes


class _Reader:
    """One document's attribution pass: the state the rules share."""

    def __init__(self, doc: Doc, publisher: str | None) -> None:
        self.doc = doc
        self.text = doc.text
        self.publisher = publisher.strip() if publisher and publisher.strip() else None
        # The outlet's name as a whole word: publisher "S" must not match "Lewis".
        self.publisher_name = (
            re.compile(rf"(?<!\w){re.escape(self.publisher)}(?!\w)", re.IGNORECASE)
            if self.publisher
            else None
        )
        self.cues = cue_lexicon()
        self.nouns = speaker_lexicon()
        self.starts = [token.idx for token in doc]
        self.sent_starts = [sent.start for sent in doc.sents]
        self.quotes = find_quotes(self.text)
        self.quote_opens = [q.open_start for q in self.quotes]
        self.quote_closes = [q.close_end for q in self.quotes]
        self.quote_of = [-1] * len(doc)  # token index -> the quote it lies in, or -1
        for index, quote in enumerate(self.quotes):
            first = bisect_left(self.starts, quote.start)
            for i in range(first, bisect_left(self.starts, quote.end)):
                self.quote_of[i] = index
        self.claimed: set[int] = set()  # quotes already given to a speaker
        self.found: list[_Found] = []
        self.hedges: list[tuple[Token, tuple[int, int]]] = []
        self.who_cache: dict[int, _Who | None] = {}
        self.loose: set[int] = set()  # subjects found next to a verb that the parse missed
        self.mention_starts: list[int] = []
        self.mentions: list[_Who] = []
        self.names: dict[str, str] = {}  # a surname to the full name it stands for
        self.last_speaker: tuple[_Who, int] | None = None  # with its sentence number

    # ---- the passes -------------------------------------------------------------

    def read(self) -> list[Attribution]:
        """Run the cue pass, then continued quotes, then hedges."""
        for token in self.doc:
            if self.quote_of[token.i] >= 0:
                continue
            if token.ent_iob_ == "B" and token.ent_type_ == "PERSON":
                self._remember(token.idx, self._named(token))
            if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ in ("NOUN", "PROPN", "NUM"):
                self._who(token, fallback=False)
            self._cue(token)
        self._continued_quotes()
        self._unattributed()
        self.found.sort(key=lambda f: (f.attribution.content.start, f.attribution.content.end))
        return [f.attribution for f in self.found if not self._nested(f.attribution)]

    def _nested(self, attribution: Attribution) -> bool:
        """Whether a cue lies in what someone else is credited with saying.

        "The ministry said the rebels plan to attack": the rebels' plan is the
        ministry's claim, not a statement of theirs; as with cues inside quotations,
        what a source reports is part of its words.
        """
        cue, content = attribution.cue, attribution.content
        return cue is not None and any(
            outer is not attribution
            and outer.content.start <= cue.start < outer.content.end
            # Two whose cues lie each in the other's content are side by side.
            and not (outer.cue and content.start <= outer.cue.start < content.end)
            for outer in (f.attribution for f in self.found)
        )

    def _cue(self, token: Token) -> None:
        """Dispatch a token that is a cue of the lexicon to its rule."""
        lower = token.lower_
        for words in self.cues.phrases.get(lower, ()):
            if self._phrase_at(token.i, words):
                self._according_to(token, len(words))
                return
        if lower in self.cues.adverbs and token.head.i != token.i:
            self.hedges.append((token, self._clause(token.head)))
            return
        if token.pos_ == "NOUN" and token.lemma_.lower() in self.cues.nouns:
            self._nominal(token)
            return
        if token.text == ":":
            self._speaker_turn(token)
            return
        if token.pos_ != "VERB":
            return
        lemma = token.lemma_.lower()
        if lemma not in self.cues.verbs and lower.endswith("ed"):
            lemma = lower[:-1]  # the lemmatizer cuts "hoped" to "hop": try "hope"
        for cue in self.cues.verbs.get(lemma, ()):
            if all(
                any(c.dep_ == "prt" and c.lower_ == w for c in token.children)
                for w in cue.words[1:]
            ):
                self._speech(token, cue)
                return

    def _speech(self, verb: Token, cue: Cue) -> None:
        """A speech verb: find its speaker and its content."""
        children = list(verb.children)
        if any(c.dep_ == "neg" for c in children):
            return  # "did not say that ...": not a claim of the speaker's
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in children)
        if passive:
            agent = next((c for c in children if c.dep_ == "agent"), None)
            subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            if subject is None:
                if cue.hedge:
                    self.hedges.append((verb, self._clause(verb)))
                return
        elif cue.kind == "passive":
            return
        else:
            subject = self._subject(verb)
        if subject is None:
            return
        who = self._who(subject, fallback=True)
        if who is None:
            return
        np = self._np(subject)
        first = min(
            [np[0], verb.i]
            + [c.i for c in verb.lefts if c.dep_ in ("aux", "advmod") and self.quote_of[c.i] < 0]
        )
        last = max(verb.i, np[1])
        quotes = [
            q
            for q in (self._quote_before(verb, first), self._quote_after(verb, last))
            if q is not None
        ]
        if quotes:
            # A quote split around its reporting clause ("“...,” he said, “...”") is one
            # statement; a Span holds no gap, so the content runs from the first half
            # to the last and takes the reporting clause between them in.
            halves = [span for span in map(self._quote_span, quotes) if span is not None]
            if halves:
                self.claimed.update(quotes)
                quoted = self._span(halves[0].start, halves[-1].end)
                pieces = halves if len(halves) > 1 else []
                self._add(quoted, np, (verb.i, verb.i), who, quotes[-1], last, pieces)
            return
        content = (
            self._complement(verb, cue, np, first)
            or self._content_by_rule(verb, cue)
            or self._trailed(verb, first, subject)
        )
        passive_subject = next((c for c in children if c.dep_ == "nsubjpass"), None)
        if content is None and passive_subject is not None:
            # "The story was first reported by the Post": what was reported is the subject.
            content = passive_subject.left_edge.i, passive_subject.right_edge.i
        if content is not None:
            self._add_content(content, np, (verb.i, verb.i), who, last)

    def _according_to(self, token: Token, length: int) -> None:
        """The phrase "according to X": X said the rest of the sentence."""
        prep = self.doc[token.i + length - 1]
        subject = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if subject is None:
            return
        who = self._who(subject, fallback=True)
        if who is None:
            return
        sent = token.sent
        before = (sent.start, token.i - 1)
        after = (subject.right_edge.i + 1, sent.end - 1)
        if self._words(*after) < 2:
            content = before
        elif self._words(*before) < 2:
            content = after
        else:
            content = (sent.start, sent.end - 1)  # the phrase sits inside its clause
        cue = (token.i, prep.i)
        self._add_content(
            content, self._np(subject), cue, who, max(subject.right_edge.i, sent.end - 1)
        )

    def _speaker_turn(self, colon: Token) -> None:
        """A line opened by a speaker's name and a colon: a transcript's turn, a headline.

        "PENCE: Well, look ...", "Pence: Flowers won't be at debate".  The name must be
        a person's (an entity, a name seen before, or a transcript's capitals); the
        content is the rest of the line.
        """
        line_start = self.text.rfind("\n", 0, colon.idx) + 1
        first = bisect_left(self.starts, line_start)
        names = self.doc[first : colon.i]
        if not 0 < len(names) <= _MAX_NAME_TOKENS or not all(t.is_alpha for t in names):
            return
        head = names[-1]
        if not (
            head.ent_type_ == "PERSON"
            or head.lower_ in self.names
            or all(t.is_upper and len(t) > 1 for t in names)
        ):
            return
        line_end = self.text.find("\n", colon.idx)
        last = bisect_left(self.starts, line_end if line_end >= 0 else len(self.text)) - 1
        self._add_content(
            (colon.i + 1, last), (first, head.i), (colon.i, colon.i), self._named(head), last
        )

    def _nominal(self, noun: Token) -> None:
        """A nominal cue: "his claim that ...", "a plan by the ministry to ...".

        The content is the noun's "that" (or "whether") clause or its "to" infinitive;
        the source its possessor or the object of "by" or "from".  A noun with neither
        ("the claim that ...") credits nobody and gives nothing.
        """
        clause = next(
            (
                c
                for c in noun.rights
                if c.dep_ in ("acl", "ccomp")
                and any(
                    g.dep_ in ("mark", "aux") and g.lower_ in ("that", "whether", "to")
                    for g in c.children
                )
            ),
            None,
        )
        if clause is None:
            return
        source = next((c for c in noun.children if c.dep_ == "poss"), None)
        if source is None:
            prep = next(
                (c for c in noun.rights if c.dep_ == "prep" and c.lower_ in ("by", "from")), None
            )
            source = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        who = self._who(source, fallback=True) if source is not None else None
        if source is None or who is None:
            return
        content = (clause.left_edge.i, clause.right_edge.i)
        self._add_content(content, self._np(source), (noun.i, noun.i), who, clause.right_edge.i)

    def _continued_quotes(self) -> None:
        """Whole-sentence quotes right after an attribution, with no cue, are its speaker's.

        A quote in the same paragraph as a quoted attribution goes on with its words
        (“...,” he said. “...”: one statement, its content the outer span), even one
        the sentence goes on after (“... a tax increase” for the rich.); one opening a
        new paragraph, or following reported speech, is an attribution of its own.
        """
        contents = [(f.attribution.content.start, f.attribution.content.end) for f in self.found]
        for found in list(self.found):
            a = found.attribution
            if a.speaker_kind == "unattributed":
                continue
            position = self._sentence_end(found.last)
            if position is None:
                continue
            unclosed = found.quote is not None and self._unclosed(found.quote)
            index = bisect_left(self.quote_opens, position)
            while index < len(self.quotes) and index not in self.claimed:
                quote = self.quotes[index]
                gap = self.text[position : quote.open_start]
                if gap.strip() or (_PARAGRAPH_RE.search(gap) and not unclosed):
                    break
                goes_on = found.attribution.direct and not _PARAGRAPH_RE.search(gap)
                if not (goes_on or self._whole_sentence(quote)) or any(
                    s < quote.close_end and quote.open_start < e for s, e in contents
                ):
                    break
                span = self._quote_span(index)
                if span is None:
                    break
                self.claimed.add(index)
                if goes_on:
                    said = found.attribution
                    said.pieces = [*(said.pieces or [said.content]), span]
                    said.content = self._span(said.content.start, span.end)
                    found.quote = index
                else:
                    continued = Attribution(span, a.source, None, a.speaker, a.speaker_kind, True)
                    self.found.append(_Found(continued, found.last, index))
                position, unclosed = quote.close_end, self._unclosed(index)
                index += 1

    def _unattributed(self) -> None:
        """Hedges ("reportedly", "it is believed that") in sentences nobody is credited with."""
        credited = {
            self._sentence_of(f.attribution.cue.start) for f in self.found if f.attribution.cue
        }
        spans = [(f.attribution.content.start, f.attribution.content.end) for f in self.found]
        for token, clause in self.hedges:
            if self._sentence_of(token.idx) in credited:
                continue
            if any(s <= token.idx < e for s, e in spans):
                continue  # a hedge inside someone's words is theirs
            content = self._trim(*clause)
            if content is not None:
                cue = self._span(token.idx, token.idx + len(token))
                self._push(Attribution(content, None, cue, None, "unattributed", False), clause[1])

    # ---- content ------------------------------------------------------------------

    def _quote_before(self, verb: Token, first: int) -> int | None:
        """A quote ending right before the reporting clause: “...,” one officer said."""
        if any(
            c.dep_ == "ccomp" and c.i > verb.i and self.quote_of[c.i] < 0 for c in verb.children
        ):
            return None  # “...” He said that ...: the complement is the content
        start = self.doc[first].idx
        index = bisect_right(self.quote_closes, start) - 1
        if index < 0 or index in self.claimed:
            return None
        quote = self.quotes[index]
        if self.text[quote.close_end : start].strip(_EDGE_PUNCT):
            return None
        inner = self.text[quote.start : quote.end].rstrip()
        if inner[-1:] == "." and self.text[quote.close_end : start].strip()[:1] != ",":
            after = self.text[quote.close_end : start + 1].lstrip()
            if after[:1].isupper():
                return None  # “A full stop.” He ...: a new sentence, not a reporting clause
        return index if self._starts_sentence(quote) else None

    def _quote_after(self, verb: Token, last: int) -> int | None:
        """A quote right after the reporting clause: he said: “...”, or a split quote's tail."""
        end = self.starts[last] + len(self.doc[last])
        index = bisect_left(self.quote_opens, end)
        if index >= len(self.quotes) or index in self.claimed:
            return None
        quote = self.quotes[index]
        between = range(last + 1, bisect_left(self.starts, quote.open_start))
        if len(between) > _MAX_LEAD_TOKENS:
            return None
        for i in between:
            token = self.doc[i]
            if (
                token.is_punct
                and token.text not in _SENTENCE_END
                and token.text not in _QUOTE_GLYPHS
            ):
                continue
            if token.is_punct or token.pos_ in ("VERB", "AUX") or not verb.is_ancestor(token):
                return None
        return index if self._whole_sentence(quote) else None

    def _complement(
        self, verb: Token, cue: Cue, np: tuple[int, int], first: int
    ) -> tuple[int, int] | None:
        """The verb's clause ("said that ..."), or for naming verbs the name it gives.

        A "that" clause the parser hung on the object is the verb's too ("told a
        meeting of leaders that ...": "that" marks a complement, not a relative clause).
        """
        hung_on_objects = [g for c in verb.rights if c.dep_ in ("dobj", "dative") for g in c.rights]
        for child in [*verb.children, *hung_on_objects]:
            # The parser may take the "that" of a complement for an adverb too.
            marked = child.dep_ in ("advcl", "relcl", "acl") and any(
                g.dep_ in ("mark", "advmod") and g.lower_ == "that" and g.i == child.left_edge.i
                for g in child.children
            )
            clausal = child.dep_ == "ccomp" or (child.dep_ == "parataxis" and child.i > verb.i)
            if not (clausal or marked) or np[0] <= child.i <= np[1]:
                continue
            # A clause before the reporting clause joins it with a comma, a dash, a quote
            # or nothing ("..." he said); not with a colon ("Headline: women tell of ...").
            between = self.text[
                self.starts[child.right_edge.i] + len(child.right_edge) : self.starts[first]
            ]
            if child.i < verb.i and between.strip(
                _EDGE_PUNCT.replace(":", "").replace(";", "") + "".join(_QUOTE_GLYPHS) + "'"
            ):
                continue
            if child.i < verb.i:
                return child.left_edge.i, child.right_edge.i
            return self._complements(verb, child)
        if cue.kind != "naming":
            return None
        predicates = [
            c
            for c in verb.rights
            if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ in _NAMING_PREPS)
        ]
        if not predicates:
            return None
        objects = [c.left_edge.i for c in verb.rights if c.dep_ == "dobj"]
        return min([predicates[0].left_edge.i, *objects]), predicates[-1].right_edge.i

    def _content_by_rule(self, verb: Token, cue: Cue) -> tuple[int, int] | None:
        """The content a cue's lexicon rules name: xcomp, dobj or a preposition's object.

        The content runs on through the complements that follow it ("cited the
        election as a reason to ...", "criticized Obama for ..."); an object before an
        open complement belongs to it ("urged supporters to vote").
        """
        rights = list(verb.rights)
        for rule in cue.content:
            rule, _, word = rule.partition(":")
            if rule == "prep":
                prep = next((c for c in rights if c.dep_ == "prep" and c.lower_ == word), None)
                objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")] if prep else []
                if objects:
                    return self._complements(verb, objects[0])
                # Hung on the object instead ("accused the regime of shelling ..."): the
                # object with it.
                obj = next((c for c in rights if c.dep_ == "dobj"), None)
                if obj is not None and any(
                    c.dep_ == "prep" and c.lower_ == word for c in obj.rights
                ):
                    return self._complements(verb, obj)
                continue
            found = next((c for c in rights if c.dep_ == rule), None)
            if found is None:
                continue
            if rule == "xcomp":
                before = next((c for c in rights if c.dep_ == "dobj" and c.i < found.i), None)
                found = before or found
            return self._complements(verb, found)
        return None

    def _complements(self, verb: Token, content: Token) -> tuple[int, int]:
        """From a content's first token on through the verb's complements after it.

        A coordinated complement of the same form goes with it ("mentioned refinancing
        loans and forcing universities to ...").
        """
        last = content.right_edge.i
        for child in verb.rights:
            if child.i <= last or child.dep_ == "cc":  # "and" before a coordinated one
                continue
            same_form = child.dep_ == "conj" and child.tag_ == content.tag_
            if child.dep_ not in _COMPLEMENT_DEPS and not same_form:
                break
            last = child.right_edge.i
        return content.left_edge.i, last

    def _trailed(self, verb: Token, first: int, subject: Token) -> tuple[int, int] | None:
        """The clause a reporting clause trails or interrupts, parsed as its head.

        "X, a diplomat said." gives X; a parenthetical "The raid, officials said, killed
        ..." gives the whole clause around it, the reporting clause included.
        """
        head = verb.head
        if head.i == verb.i or verb.dep_ not in ("ccomp", "parataxis", "advcl", "conj"):
            return None
        if subject.head.i != verb.i:
            return None  # an inherited subject: "ISIS advanced and said ..."
        if verb.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
        ):
            # "As Trump said, ...", "..., as Trump said": the clause it modifies.
            if verb.i < head.i:
                return verb.right_edge.i + 1, head.right_edge.i
            return head.left_edge.i, verb.left_edge.i - 1
        sent = verb.sent
        if first == sent.start or not self.doc[first - 1].is_punct:
            return None
        after = verb.right_edge.i + 1
        if head.i < first and all(self.doc[i].is_punct for i in range(after, sent.end)):
            return sent.start, first - 1
        comma = self.doc[after - 1].text == "," or (
            after < sent.end and self.doc[after].text == ","
        )
        if verb.dep_ == "parataxis" and comma:
            return head.left_edge.i, head.right_edge.i
        return None

    def _clause(self, head: Token) -> tuple[int, int]:
        """A clause for a hedge: the complement clause or the verb's whole subtree."""
        for child in head.children:
            if child.dep_ == "ccomp":
                return child.left_edge.i, child.right_edge.i
        return head.left_edge.i, head.right_edge.i

    # ---- building records ---------------------------------------------------------

    def _add(
        self,
        content: Span | None,
        np: tuple[int, int],
        cue: tuple[int, int],
        who: _Who,
        quote: int | None,
        last: int,
        pieces: list[Span] | None = None,
    ) -> None:
        if content is None:
            return
        if quote is not None:
            self.claimed.add(quote)
            last = max(last, bisect_left(self.starts, self.quotes[quote].close_end) - 1)
        source = self._tokens_span(*np)
        cue_span = self._tokens_span(*cue)
        direct = quote is not None
        said = Attribution(content, source, cue_span, who.speaker, who.kind, direct, pieces or [])
        self._push(said, last, quote)
        self.last_speaker = (who, self._sentence_of(cue_span.start))

    def _add_content(
        self,
        tokens: tuple[int, int],
        np: tuple[int, int],
        cue: tuple[int, int],
        who: _Who,
        last: int,
    ) -> None:
        """Add an attribution with a token range as content; one quote is direct speech."""
        content = self._trim(*tokens)
        if content is None:
            return
        index = bisect_left(self.quote_opens, content.start)
        if index < len(self.quotes):
            quote = self.quotes[index]
            outside = (
                self.text[content.start : quote.open_start]
                + self.text[quote.close_end : content.end]
            )
            if quote.close_end <= content.end and not outside.strip(_EDGE_PUNCT + "."):
                if index not in self.claimed:
                    self._add(self._quote_span(index), np, cue, who, index, max(last, tokens[1]))
                return
        self._add(content, np, cue, who, None, max(last, tokens[1]))

    def _push(self, attribution: Attribution, last: int, quote: int | None = None) -> None:
        self.found.append(_Found(attribution, last, quote))

    def _trim(self, first: int, last: int) -> Span | None:
        """The token range without edge punctuation, a leading "that" or conjunction."""
        doc = self.doc
        while first <= last and (
            (doc[first].is_punct and doc[first].text not in _QUOTE_GLYPHS)
            or doc[first].dep_ == "cc"
            or (doc[first].dep_ == "mark" and doc[first].lower_ == "that")
        ):
            first += 1
        while last >= first and doc[last].is_punct and doc[last].text not in _QUOTE_GLYPHS:
            last -= 1
        if first > last or not any(
            doc[i].is_alpha or doc[i].like_num for i in range(first, last + 1)
        ):
            return None
        return self._tokens_span(first, last)

    def _quote_span(self, index: int) -> Span | None:
        """The quoted text, without edge spaces and a trailing comma (“..., ” he said)."""
        quote = self.quotes[index]
        start, end = quote.start, quote.end
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] == ","):
            end -= 1
        return self._span(start, end) if end > start else None

    def _tokens_span(self, first: int, last: int) -> Span:
        return self._span(self.starts[first], self.starts[last] + len(self.doc[last]))

    def _span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    # ---- speakers -----------------------------------------------------------------

    def _subject(self, verb: Token) -> Token | None:
        """The verb's subject, one inherited from the clause it hangs on, or the name before it."""
        node = verb
        for _ in range(3):
            subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.tag_ in ("WP", "WDT") and node.dep_ == "relcl":
                return node.head  # "a resident who said ...": the resident
            if subject is not None:
                return subject
            if node.dep_ in ("conj", "advcl", "xcomp") and node.head.i != node.i:
                node = node.head  # "... and said", "..., saying"
            elif node.dep_ == "acl" and node.head.head.i != node.head.i:
                node = node.head.head  # "issued a statement saying ..."
            else:
                break
        # A name the parser left out of the clause: "Speaking to state TV Barazi said".
        if verb.i and verb.tag_ in ("VBD", "VBZ", "VBP"):
            before = self.doc[verb.i - 1]
            if before.pos_ in ("PROPN", "NOUN") and self.quote_of[before.i] < 0:
                self.loose.add(before.i)
                return before
        return None

    def _np(self, head: Token) -> tuple[int, int]:
        """The core noun phrase of a speaker: up to an apposition, relative clause or comma."""
        first, last = head.left_edge.i, head.i
        if head.i in self.loose:
            # A name taken from before the verb outside its clause: keep just the name.
            first = head.i
            while first > 0 and self.doc[first].ent_iob_ == "I":
                first -= 1
            return first, head.i
        for child in head.rights:
            if child.is_punct or child.dep_ in ("appos", "relcl", "acl", "advcl"):
                break
            last = child.right_edge.i
        # A comma inside ends it too: "a spokesman for the coalition, Col. Ryan Dillon".
        last = next((i - 1 for i in range(head.i + 1, last + 1) if self.doc[i].text == ","), last)
        while first < head.i and (self.doc[first].is_punct or self.quote_of[first] >= 0):
            first += 1
        while last > head.i and (self.doc[last].is_punct or self.doc[last].dep_ == "case"):
            last -= 1  # and the possessive "'s" of "the ministry's plan"
        return first, last

    def _who(self, head: Token, fallback: bool) -> _Who | None:
        """Classify (once) the speaker whose noun phrase has this head; remember it for pronouns."""
        key = head.i
        if key not in self.who_cache:
            who = self._classify(head)
            self.who_cache[key] = who
            if who is not None and who.speaker is not None and head.lower_ not in _PRONOUNS:
                self._remember(self.starts[self._np(head)[0]], who)
        who = self.who_cache[key]
        if who is None and fallback and head.pos_ != "PRON":
            np = self._np(head)
            return _Who(self._described(np), "anonymous", head.tag_ in ("NNS", "NNPS"))
        return who

    def _classify(self, head: Token) -> _Who | None:
        """What kind of speaker a noun phrase names, or None if it names no speaker we know."""
        lower = head.lower_
        if head.pos_ == "PRON":
            lower = _POSSESSIVES.get(lower, lower)
            if lower == "we":
                return self._publisher(self._np(head))
            if lower in _INDEFINITES:  # "someone asked ...", "many believe ..."
                return _Who(
                    self._described(self._np(head)),
                    "anonymous",
                    lower not in ("someone", "somebody"),
                )
            return self._resolve(lower, head.idx) if lower in _PRONOUNS else None
        np = self._np(head)
        phrase = self._tokens_span(*np).text
        if any(c.dep_ == "poss" and c.lower_ == "our" for c in head.children) or (
            self.publisher_name is not None and self.publisher_name.search(phrase)
        ):
            return self._publisher(np)
        media = [m.span() for m in self.nouns.media.finditer(phrase)]
        offset = head.idx - self.starts[np[0]]
        if any(s <= offset < e for s, e in media):
            return self._organization(head, np, "media_outlet", False)
        noun, plural = (
            head,
            head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in head.children),
        )
        if lower in _QUANTIFIERS:  # "one of the soldiers"
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
            if pobj is not None:
                noun, plural = pobj, lower != "one"
        if head.pos_ == "PROPN" and self._titled(head):
            return self._named(head)
        known = lookup_alias(phrase)
        if known is not None and known.label == "ORGANIZATION":
            return _Who(known.canonical, "organization", plural, head=head.lemma_.lower())
        lemma = noun.lemma_.lower()
        if lemma in self.nouns.person and noun.pos_ != "PROPN":
            name = self._appos_name(head, np)
            return self._named(name) if name is not None else self._unnamed(head, noun, np, plural)
        if media:
            return self._organization(head, np, "media_outlet", False)
        if head.ent_type_ in _ORG_LABELS or lemma in self.nouns.organization:
            return self._organization(head, np, "organization", plural)
        if head.pos_ == "PROPN":
            return self._named(head)  # an unlabelled proper name is most often a person's
        return None

    def _titled(self, head: Token) -> bool:
        """A proper name the text marks as a person's: a PERSON entity, a title or a role."""
        if head.ent_type_ == "PERSON":
            return True
        person = self.nouns.person
        for child in head.children:
            if child.dep_ == "appos" and child.lemma_.lower() in person and child.pos_ != "PROPN":
                return True  # "Dustin A Lewis, a senior researcher"
            if child.dep_ == "compound" and child.i < head.i and child.lemma_.lower() in person:
                return True  # "Governor Talal Barazi"
        return head.lower_ in self.names

    def _appos_name(self, head: Token, np: tuple[int, int]) -> Token | None:
        """The name set off after a role: "a spokesman for the coalition, Col. Ryan Dillon"."""
        for token in head.subtree:
            if (
                token.dep_ == "appos"
                and token.pos_ == "PROPN"
                and token.left_edge.i == np[1] + 2
                and self.doc[np[1] + 1].text == ","
                and (token.ent_type_ == "PERSON" or self._titled(token))
            ):
                return token
        return None

    def _named(self, head: Token) -> _Who:
        """A named person: the full name, a surname resolved to the name given earlier."""
        doc = self.doc
        first = last = head.i
        if head.ent_type_ == "PERSON":
            while first > 0 and doc[first].ent_iob_ == "I":
                first -= 1
            while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
                last += 1
        else:
            while (
                first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].pos_ == "PROPN"
            ):
                if doc[first - 1].lemma_.lower() in self.nouns.person:
                    break
                first -= 1
        name = self.text[self.starts[first] : self.starts[last] + len(doc[last])]
        name = re.sub(r"['’]s?$", "", name).strip() or name
        parts = name.split()
        if len(parts) == 1 and name.lower() in self.names:
            name = self.names[name.lower()]
        elif len(parts) > 1:
            self.names[parts[-1].lower()] = name
        role = next((c.lemma_.lower() for c in head.children if c.dep_ == "appos"), "")
        return _Who(name, "named_person", head=role)

    def _unnamed(self, head: Token, noun: Token, np: tuple[int, int], plural: bool) -> _Who:
        """An unnamed person; "the diplomat" or a bare "the mother" may name one seen before."""
        lemma = noun.lemma_.lower()
        gender = self.nouns.person.get(lemma, "")
        determiners = [c.lower_ for c in head.children if c.dep_ in ("det", "poss", "nummod")]
        if determiners == ["the"] and not plural:
            for who in reversed(self.mentions[: bisect_left(self.mention_starts, head.idx)]):
                if who.head == lemma and who.kind in _PERSON_KINDS:
                    return who
            if np[1] - np[0] == 1 and self.last_speaker is not None:
                who, sentence = self.last_speaker
                if (
                    who.kind in _PERSON_KINDS
                    and not who.plural
                    and _gender_fits(gender, who.gender)
                    and self._sentence_of(head.idx) - sentence <= 2
                ):
                    return who
        return _Who(self._described(np), "anonymous", plural, gender, lemma)

    def _publisher(self, np: tuple[int, int]) -> _Who:
        return _Who(self.publisher or self._described(np), "publisher", True)

    def _resolve(self, pronoun: str, position: int) -> _Who:
        """The nearest earlier mention a pronoun can refer to."""
        for who in reversed(self.mentions[: bisect_left(self.mention_starts, position)]):
            if pronoun in ("he", "she"):
                fits = who.kind in _PERSON_KINDS and not who.plural
                fits = fits and _gender_fits("m" if pronoun == "he" else "f", who.gender)
            elif pronoun == "they":
                fits = who.plural or who.kind in ("organization", "media_outlet")
            else:
                fits = who.kind in ("organization", "media_outlet") and not who.plural
            if fits:
                return who
        return _Who(None, "anonymous", pronoun == "they")

    def _remember(self, position: int, who: _Who) -> None:
        at = bisect_right(self.mention_starts, position)
        self.mention_starts.insert(at, position)
        self.mentions.insert(at, who)

    def _described(self, np: tuple[int, int]) -> str:
        """An unnamed source as a description: "One of the soldiers" -> "one of the soldiers"."""
        text = self._tokens_span(*np).text
        first = self.doc[np[0]]
        # Lower-case what is capitalized for the sentence only: "Witnesses", "A"; not
        # names, nationalities or acronyms ("Iraqi", "US").
        common = first.pos_ in ("DET", "NUM", "PRON") or (
            first.is_sent_start and first.pos_ in ("NOUN", "ADJ") and not first.ent_type_
        )
        if common and not (len(first.text) > 1 and first.text.isupper()):
            text = text[:1].lower() + text[1:]
        return text

    def _organization(self, head: Token, np: tuple[int, int], kind: str, plural: bool) -> _Who:
        """An outlet or organization by its name ("BBC"), or by its description ("the ministry")."""
        name = (
            _without_the(self._tokens_span(*np).text)
            if head.pos_ == "PROPN"
            else self._described(np)
        )
        return _Who(name, kind, plural, head=head.lemma_.lower())

    # ---- text helpers -------------------------------------------------------------

    def _phrase_at(self, i: int, words: tuple[str, ...]) -> bool:
        doc = self.doc
        return i + len(words) <= len(doc) and all(
            doc[i + k].lower_ == w for k, w in enumerate(words)
        )

    def _words(self, first: int, last: int) -> int:
        return sum(1 for i in range(first, last + 1) if not self.doc[i].is_punct)

    def _sentence_of(self, char: int) -> int:
        return bisect_right(self.sent_starts, bisect_right(self.starts, char) - 1) - 1

    def _starts_sentence(self, quote: Quote) -> bool:
        """Whether a quote opens a sentence: nothing before it but a sentence end or a break."""
        i = quote.open_start
        while i > 0 and self.text[i - 1] in " \t":
            i -= 1
        return i == 0 or self.text[i - 1] in ".!?:;…\r\n" or self.text[i - 1] in _QUOTE_GLYPHS

    def _whole_sentence(self, quote: Quote) -> bool:
        """Whether a quote ends its sentence: a full stop inside, or right after it."""
        if quote.close_end == quote.end:
            return True  # closed by a paragraph break
        inner = self.text[quote.start : quote.end].rstrip()
        after = self.text[quote.close_end : quote.close_end + 40].lstrip(" \t")
        if inner[-1:] in _SENTENCE_END:
            return not after[:1].islower()  # “...!” he shouted: the sentence goes on
        return not after or after[0] in _SENTENCE_END or after[0] in "\r\n"

    def _unclosed(self, index: int) -> bool:
        quote = self.quotes[index]
        return quote.close_end == quote.end

    def _sentence_end(self, last: int) -> int | None:
        """Where the sentence holding token ``last`` ends: after its full stop or before a quote."""
        doc = self.doc
        for i in range(last + 1, min(len(doc), last + 80)):
            token = doc[i]
            if self.quote_of[i] >= 0:
                continue
            index = bisect_left(self.quote_opens, token.idx)
            if index < len(self.quotes) and self.quotes[index].open_start < token.idx + len(token):
                return token.idx  # the next quote starts here
            if token.text in _SENTENCE_END or token.text == "...":
                return token.idx + len(token)
        return len(self.text) if last + 80 >= len(doc) else None


def _without_the(text: str) -> str:
    return text[4:] if text[:4].lower() == "the " else text


def _gender_fits(wanted: str, gender: str) -> bool:
    return not wanted or not gender or wanted == gender
