"""Casualties per report: the report's own best figures for its main event.

From the figures the quantities extractor found, this picks, for the killed and for the
wounded, one figure each for civilians, children, women, combatants and everyone hit
(``total``), where the text gives one. Each choice points to its figure (an index into
the extraction's ``quantities``) and to the sentence it came from.

**Who a figure counts** comes from ``data/casualty_groups.csv``, looked up by the head
noun of what it counts ("six medics"), else by the figure's ``who``, else by a named
armed group inside what it counts ("four Hezbollah members"). "six people", "the dead",
or a figure standing by its event word with nothing counted ("22 dead", "killing at
least 58", "the death toll rose to 35") count everyone: a total. A partitive ("15 of the
wounded") counts some of its group, and one figure for two kinds ("eight women and
children") some of the civilians. A figure whose kind cannot be told ("two men", "16 of
them") is left out, and so is a number glued into a date or code ("29-06-2016", "Jul 18
2016 21 Civilians Killed"): those slip through the quantities extractor. So is the
amount of a change ("the death toll rose by 5", comparator "up"): the level a change
reaches ("rose to 86", told by ``quantities.level_reached``) is the toll.

**Which figures are the main event's**, for one outcome (killed, wounded):

1. The lead decides: the first ``LEAD_SENTENCES`` sentences (a headline the text repeats,
   a dateline, the first sentences of the story), or the first sentence with a figure
   where the lead has none. Reports give the toll of their main event first; later
   paragraphs bring other events and war totals. The body only breaks the lead's toll
   down, adding children and women to a civilian or total figure, with figures no larger
   than the lead's largest and not beside a different toll of their own ("... killing 10
   people including four children" is another event's when the toll is 16).
2. A sentence that tells of another event is skipped, unless it is the first with a
   figure of the outcome: one with "meanwhile", "elsewhere", "separately", "earlier",
   "previously" or "since" ("has killed 280000 people since 2011").
3. Among the candidates for a group, one of the group as such wins over one of a kind
   within it ("civilians" over "medics"), a number over a vague word ("58" over
   "dozens"), then the first mention. A later figure of the lead stated as a rise ("the
   death toll rose to 86") replaces it: the same toll, updated. "at least 70" followed by
   a plain "86" keeps 70: a later different figure may as well be a subtotal or another
   event as an update, and the first is the report's headline figure.
4. The figures must fit together: civilians and combatants no more than the total,
   children and women no more than the civilians and the total. A figure that does not
   fit belongs to another event, and the next candidate is tried. A kind within a group
   ("medics") stands for the group only where there is no total: "killing 22 people
   including at least one teacher" gives no civilians figure.

The total is the figure for everyone; failing one, civilians plus combatants where one
sentence gives both ("killed 5 civilians and 10 fighters"), recorded with ``parts`` and
no single ``quantity``. "others" is a total only alone in its sentence ("killed six
people and wounded 30 others", not "15 civilians ... while six others were killed").

**Events told around a figure.** The quantities extractor leaves some figures of the dead
without their event where the event is told around them rather than by the figure's own
verb. For a figure of a named kind of people, the event is read from that context: the
event word right before it ("... that killed 13 people", "the latest toll 44
civilians"); "ten children were among at least 48 people killed"; "... among them 13
police officers" or "those killed included six women five children and three police
officers" (after an earlier figure or word of the event); and headline shorthand "10
civilians killed 15 injured" (civilians, children and women are not the agents).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Token

from claimgraph.data import read_rows
from claimgraph.extract.quantities import LINKING_WORDS, level_reached, vague_phrases
from claimgraph.records import (
    CASUALTY_GROUPS,
    Casualties,
    CasualtyCounts,
    CasualtyFigure,
    EntityMention,
    Quantity,
    Span,
)

__all__ = ["LEAD_SENTENCES", "OUTCOMES", "summarize_casualties"]

# Quantity category -> the field of Casualties it fills.
OUTCOMES = {"KILL": "killed", "WOUND": "wounded"}
LEAD_SENTENCES = 4
# Categories that a figure of people keeps when no event is told by its own verb.
_UNTOLD = frozenset({"OTHER", "FORCES"})
# Groups that are not the agents of a killing: "10 civilians killed 15 injured".
_VICTIMS = frozenset({"civilians", "children", "women"})
# Words that may stand between a figure and the word that tells its event: the
# quantities extractor's, less the words that are figures of their own here
# ("15 others"), plus dashes, commas and "later" ("killed, later", "killed – 12").
_LINKING = (LINKING_WORDS - {"more", "other", "others", "still"}) | {",", "-", "–", "—", "later"}
# Words before a figure that make it part of the event told just before it.
_PART_OF = (
    ("including",),
    ("included",),
    ("include",),
    ("among", "them"),
    ("among", "whom"),
    ("of", "whom"),
    ("of", "them"),
)
# What may stand between a figure and what it counts: "dozens of the women".
_JUST_BEFORE_COUNTED = re.compile(r"^\s*(?:of\s+(?:the\s+)?)?$")
_PARTITIVE = re.compile(r"^\s*of\s+(?:the|those)\s*$")
_TOLL_PREPOSITIONS = frozenset({"of", "at", "to"})
_LIST_JOINERS = frozenset({"and", ",", "-", "–", "—"})
_AMONG_REACH = 6  # tokens after "among" in which its event is looked for
_EVENT_REACH = 3  # tokens before a figure in which "killing", "toll" ... may stand
_NOUN_REACH = 4  # tokens after a figure read for its noun where the parse gave none
_NOMINAL = frozenset({"NOUN", "PROPN", "ADJ"})
_NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "DATE", "TIME", "ORDINAL", "PERCENT"})
# Comparators of the amount of a change ("the toll rose by 5"), which is no toll.
_CHANGES = frozenset({"up", "down"})
# Words of a sentence that tells of an event other than the main one.
_ELSEWHERE = frozenset({"meanwhile", "elsewhere", "separately", "earlier", "previously", "since"})
# A number glued to others by "-", "." or "/" is part of a date or a code: "29-06-2016".
_GLUED_BEFORE = re.compile(r"\d[-./]$")
_GLUED_AFTER = re.compile(r"^[-./]\d")
# A number right before another is a date or a code too: "Jul 18 2016 21 Civilians Killed".
_NUMBER_NEXT = re.compile(r"^ \d")


@dataclass(frozen=True, slots=True)
class _Kind:
    group: str
    part: bool


@dataclass(frozen=True, slots=True)
class _Kinds:
    noun: dict[str, _Kind]
    who: dict[str, _Kind]
    entity: dict[str, _Kind]


@dataclass(frozen=True, slots=True)
class _Candidate:
    index: int
    value: float
    kind: _Kind
    sentence: int
    lead: bool
    vague: bool
    rise: bool


@cache
def _kinds() -> _Kinds:
    tables: dict[str, dict[str, _Kind]] = {"noun": {}, "who": {}, "entity": {}}
    for row in read_rows("casualty_groups.csv"):
        if row["group"] not in (*CASUALTY_GROUPS, "others") or row["match"] not in tables:
            raise ValueError(f"casualty_groups.csv: bad row {row}")
        kind = _Kind(row["group"], row["part"] == "1")
        tables[row["match"]][row["term"].lower()] = kind
    # A noun the quantities lexicon gives a ``who`` ("militant" -> fighters) is read
    # through that ``who``, for the nouns after a figure the parser left uncounted.
    for row in read_rows("counted_categories.csv"):
        term, who = row["term"].lower(), row["who"]
        if who in tables["who"] and " " not in term:
            tables["noun"].setdefault(term, tables["who"][who])
    return _Kinds(**tables)


@cache
def _event_words() -> dict[str, str]:
    """One-word KILL and WOUND cues of counted_categories.csv: "killed" -> KILL."""
    return {
        row["term"].lower(): row["category"]
        for row in read_rows("counted_categories.csv")
        if row["category"] in OUTCOMES and " " not in row["term"]
    }


def summarize_casualties(
    doc: Doc, quantities: Sequence[Quantity], entities: Sequence[EntityMention] = ()
) -> Casualties:
    """The report's own best killed and wounded figures for its main event.

    ``doc`` is the annotated document (its sentences and tokens are read);
    ``quantities`` and ``entities`` are its extracted records, sorted by start. The
    figures point into ``quantities`` by index. The module docstring tells how
    figures are chosen.
    """
    reader = _Reader(doc, quantities, entities)
    return Casualties(killed=reader.counts("KILL"), wounded=reader.counts("WOUND"))


class _Reader:
    """One document's figures with their sentences, kinds and events."""

    def __init__(
        self, doc: Doc, quantities: Sequence[Quantity], entities: Sequence[EntityMention]
    ) -> None:
        self.doc = doc
        self.quantities = quantities
        self.entities = entities
        self.sentences = [
            Span(s.start_char, s.start_char + len(s.text.rstrip()), s.text.rstrip())
            for s in doc.sents
        ]
        # Whether each sentence tells of another event: "... meanwhile killed two".
        self.elsewhere = [any(t.lower_ in _ELSEWHERE for t in s) for s in doc.sents]
        starts = [s.start for s in self.sentences]
        self.sentence_of = [bisect_right(starts, q.start) - 1 for q in quantities]
        self.tokens = [self._token_range(q) for q in quantities]
        # Which way a change went whose level each figure is: "the toll rose to 86".
        self.reached = [level_reached(doc[first:end]) for first, end in self.tokens]
        self.categories = [q.category for q in quantities]
        self.kinds = [self._kind(i) for i in range(len(quantities))]
        for index in range(len(quantities)):
            self.categories[index] = self._category(index)

    # -- tokens and kinds ---------------------------------------------------------------

    def _token_range(self, quantity: Quantity) -> tuple[int, int]:
        """The figure's tokens [first, end), with what it counts where that follows it."""
        doc = self.doc
        span = doc.char_span(quantity.start, quantity.end, alignment_mode="expand")
        assert span is not None  # an extracted figure lies inside the text
        end = span.end
        if quantity.counted:
            found = doc.text.find(quantity.counted, quantity.end)
            if found >= 0 and _JUST_BEFORE_COUNTED.match(doc.text[quantity.end : found]):
                counted = doc.char_span(
                    found, found + len(quantity.counted), alignment_mode="expand"
                )
                end = counted.end if counted is not None else end
        return span.start, end

    def _kind(self, index: int) -> _Kind | None:
        """Who a figure counts, from casualty_groups.csv; None where it cannot be told."""
        quantity = self.quantities[index]
        if quantity.counted is None:
            return self._uncounted_kind(index)
        kind = _noun_kind(quantity.counted.split()[-1].lower())
        if kind is None and quantity.who:
            kind = _kinds().who.get(quantity.who)
        start = self.doc.text.find(quantity.counted, quantity.start)
        if kind is None and start >= 0:
            end = start + len(quantity.counted)
            kind = self._entity_kind(start, end)
            counted = self.doc.char_span(start, end, alignment_mode="expand")
            # An event word taken for the counted noun: "Kills Two Injures Three".
            if kind is None and counted is not None and any(_word_event(t) for t in counted):
                kind = _Kind("total", False)
        if kind is not None and _PARTITIVE.match(self.doc.text[quantity.end : max(0, start)]):
            kind = replace(kind, part=True)  # "15 of the wounded": some of them, not all
        return self._shared(index, kind)

    def _uncounted_kind(self, index: int) -> _Kind | None:
        """Who a figure counts where the parser found no counted noun."""
        end = self.tokens[index][1]
        following = self.doc[end : end + _NOUN_REACH]
        if len(following) > 1 and following[0].lower_ == "of" and following[1].pos_ == "PRON":
            return None  # "killing 16 of them": who they are was said before
        # The nouns right after it: "kill 8 IS group militants", "IS" taken for a verb.
        for token in following:
            named = token.ent_type_ and token.ent_type_ not in _NUMBER_LABELS
            if token.is_sent_start or not (token.pos_ in _NOMINAL or named):
                break
            kind = _noun_kind(token.lower_)
            if kind is not None:
                return kind
        # A level a toll reaches ("the death toll rose to 35") or a figure by its event
        # word; not a stray number of a page's furniture ("Get short URL 612").
        if self.reached[index] is not None or self._event_near(index):
            return _Kind("total", False)
        return None

    def _shared(self, index: int, kind: _Kind | None) -> _Kind | None:
        """The kind of a figure of two nouns: "eight women and children" are civilians."""
        end, doc = self.tokens[index][1], self.doc
        if kind is None or end + 1 >= len(doc) or doc[end].lower_ not in ("and", "or", "&"):
            return kind
        other = _noun_kind(doc[end + 1].lower_) if doc[end + 1].pos_ == "NOUN" else None
        if other is None or other == kind:
            return kind
        if kind.group in _VICTIMS and other.group in _VICTIMS:
            return _Kind("civilians", True)  # some of the civilians
        return None

    def _entity_kind(self, start: int, end: int) -> _Kind | None:
        table = _kinds().entity
        for entity in self.entities:
            if entity.start < end and entity.end > start and entity.entity_id in table:
                return table[entity.entity_id]
        return None

    def _event_near(self, index: int) -> bool:
        """Whether an uncounted figure stands by its event word: "22 dead", "killing 58"."""
        first = self.tokens[index][0]
        floor = self.doc[first].sent.start
        before = self.doc[max(floor, first - _EVENT_REACH) : first]
        return any(_word_event(t) for t in before) or self._event_after(index)[0] is not None

    # -- events ---------------------------------------------------------------------------

    def _category(self, index: int) -> str:
        """The figure's category, its event read from its context where it has none."""
        quantity, kind = self.quantities[index], self.kinds[index]
        if quantity.category not in _UNTOLD or quantity.unit is not None:
            return quantity.category
        if kind is None or quantity.counted is None:
            return quantity.category  # only figures of named kinds of people: not "45 buses"
        found = self._event_before(index)
        if found is None:
            found, among = self._event_after(index)
            if kind.group not in _VICTIMS and not among:
                found = None  # "5 gunmen killed 3 civilians": the gunmen are the agents
        return found if found in OUTCOMES else quantity.category

    def _event_before(self, index: int) -> str | None:
        """ "including six women", or one item of a list that follows a figure of an event."""
        first, _ = self.tokens[index]
        floor = self.doc[first].sent.start
        if index > 0 and self.categories[index - 1] in OUTCOMES:
            previous_first, previous_end = self.tokens[index - 1]
            between = self.doc[previous_end:first]
            # "six women five children and three police officers"
            if previous_first >= floor and all(t.lower_ in _LIST_JOINERS for t in between):
                return self.categories[index - 1]
        words = tuple(t.lower_ for t in self.doc[max(floor, first - 2) : first])
        # "killed 13 people", "the latest toll 44 civilians", "the death toll of 47".
        verb = first - 2 if words[-1:] and words[-1] in _TOLL_PREPOSITIONS else first - 1
        if verb >= floor:
            found = _word_event(self.doc[verb])
            if found is not None:
                return found
        if not any(words[len(words) - len(cue) :] == cue for cue in _PART_OF):
            return None
        for token in reversed(self.doc[floor:first]):
            found = self._event_at(token)
            if found is not None:
                return found
        return None

    def _event_after(self, index: int) -> tuple[str | None, bool]:
        """The event told right after a figure, and whether "among" tells it.

        "10 civilians killed"; "ten children were among at least 48 people killed" gives
        the event of what follows "among".
        """
        doc = self.doc
        i = self.tokens[index][1]
        while i < len(doc) and doc[i].lower_ in _LINKING and not doc[i].is_sent_start:
            i += 1
        if i >= len(doc) or doc[i].is_sent_start:
            return None, False
        if doc[i].lower_ != "among":
            return _word_event(doc[i]), False
        for token in doc[i + 1 : i + 1 + _AMONG_REACH]:
            if token.is_sent_start:
                break
            found = self._event_at(token)
            if found is not None:
                return found, True
        return None, True

    def _event_at(self, token: Token) -> str | None:
        """The event a token tells: the figure it belongs to, or its own word."""
        for q, category in zip(self.quantities, self.categories, strict=True):
            if q.start <= token.idx < q.end:
                return category if category in OUTCOMES else None
        return _word_event(token)

    # -- choosing -----------------------------------------------------------------------

    def candidates(self, outcome: str) -> list[_Candidate]:
        """The figures of one outcome (KILL or WOUND) that may be the main event's."""
        text = self.doc.text
        found: list[_Candidate] = []
        for index, quantity in enumerate(self.quantities):
            kind = self.kinds[index]
            if (
                self.categories[index] != outcome
                or kind is None
                or quantity.unit is not None
                or not quantity.value
                or quantity.comparator in _CHANGES  # "rose by 5" adds to a toll
                or _GLUED_BEFORE.search(text[max(0, quantity.start - 2) : quantity.start])
                or _GLUED_AFTER.match(text[quantity.end : quantity.end + 2])
                or _NUMBER_NEXT.match(text[quantity.end : quantity.end + 8])
            ):
                continue
            sentence = self.sentence_of[index]
            found.append(
                _Candidate(
                    index=index,
                    value=quantity.value,
                    kind=kind,
                    sentence=sentence,
                    lead=sentence < LEAD_SENTENCES,
                    vague=(quantity.approx or "") in vague_phrases(),
                    rise=self.reached[index] == "up",
                )
            )
        if not found:
            return found
        # "killed six people and wounded 30 others" gives all the wounded, but "15
        # civilians were killed while six others were killed" adds to another figure.
        found = [
            replace(c, kind=_Kind("total", False)) if c.kind.group == "others" else c
            for c in found
            if c.kind.group != "others"
            or not any(o.sentence == c.sentence and o is not c for o in found)
        ]
        main = found[0].sentence
        found = [c for c in found if c.sentence == main or not self.elsewhere[c.sentence]]
        # "two medics were among at least 31 people killed": the medics are part of 31.
        return [
            c
            for c in found
            if not c.kind.part
            or not any(
                o.kind.group == "total" and o.sentence == c.sentence and o.value > c.value
                for o in found
            )
        ]

    def counts(self, outcome: str) -> CasualtyCounts:
        """The chosen figure of each group for one outcome (KILL or WOUND)."""
        candidates = self.candidates(outcome)
        # The lead, or else the first sentence with a figure, sets the main event; its
        # largest figure bounds it: a larger one further on is a war total or another event.
        setting = [c for c in candidates if c.lead]
        if not setting and candidates:
            setting = [c for c in candidates if c.sentence == candidates[0].sentence]
        ceiling = max((c.value for c in setting), default=0.0)
        body = [c for c in candidates if c not in setting and c.value <= ceiling]
        chosen: dict[str, _Candidate] = {}
        for tier in (setting, body):
            for candidate in sorted(tier, key=_rank):
                group = candidate.kind.group
                if group in chosen or not _fits(candidate, chosen):
                    continue
                if tier is body and not _breakdown(candidate, chosen, body):
                    continue
                chosen[group] = _updated(candidate, tier, chosen)
        counts = CasualtyCounts(
            **{group: self._figure(c) for group, c in chosen.items()},
        )
        civilians, combatants = chosen.get("civilians"), chosen.get("combatants")
        # "killed 5 civilians and 10 fighters": one sentence gives the whole toll.
        if (
            counts.total is None
            and civilians
            and combatants
            and civilians.sentence == combatants.sentence
        ):
            counts.total = self._sum([civilians, combatants])
        return counts

    def _figure(self, candidate: _Candidate) -> CasualtyFigure:
        quantity = self.quantities[candidate.index]
        return CasualtyFigure(
            value=quantity.value,
            low=quantity.low,
            high=quantity.high,
            quantity=candidate.index,
            sentence=self.sentences[candidate.sentence],
        )

    def _sum(self, parts: list[_Candidate]) -> CasualtyFigure:
        figures = [self.quantities[p.index] for p in parts]

        def add(values: list[float | None]) -> float | None:
            numbers = [v for v in values if v is not None]
            return sum(numbers) if len(numbers) == len(values) else None

        return CasualtyFigure(
            value=add([q.value for q in figures]),
            low=add([q.low for q in figures]),
            high=add([q.high for q in figures]),
            quantity=None,
            sentence=self.sentences[parts[0].sentence],
            parts=[p.index for p in parts],
        )


def _rank(candidate: _Candidate) -> tuple[bool, bool, int]:
    """The group as such before a kind within it, numbers before vague words, then order."""
    return candidate.kind.part, candidate.vague, candidate.index


def _updated(
    candidate: _Candidate, tier: list[_Candidate], chosen: dict[str, _Candidate]
) -> _Candidate:
    """The last later rise of the same group in the lead ("the death toll rose to 86")."""
    if not candidate.lead:
        return candidate
    rises = [
        c
        for c in tier
        if c.rise
        and c.lead
        and c.index > candidate.index
        and c.kind.group == candidate.kind.group
        and _fits(c, chosen)
    ]
    return rises[-1] if rises else candidate


def _breakdown(
    candidate: _Candidate, chosen: dict[str, _Candidate], body: list[_Candidate]
) -> bool:
    """Whether a body figure breaks down the main event's toll: children or women, once
    civilians or a total are chosen, and not beside a toll of its own ("killing 10
    people including four children" is another event's when the main toll is 16)."""
    if candidate.kind.group not in ("children", "women"):
        return False
    wholes = [chosen[group] for group in ("civilians", "total") if group in chosen]
    return bool(wholes) and all(
        other.value in {whole.value for whole in wholes}
        for other in body
        if other.sentence == candidate.sentence and other.kind.group in ("civilians", "total")
    )


def _fits(candidate: _Candidate, chosen: dict[str, _Candidate]) -> bool:
    """Whether a figure agrees with the groups chosen so far (parts within wholes)."""
    value, group = candidate.value, candidate.kind.group
    if candidate.kind.part and "total" in chosen:
        return False  # "killing 22 people including at least one teacher"

    def at_most(whole: str) -> bool:
        return whole not in chosen or value <= chosen[whole].value

    def at_least(part: str) -> bool:
        return part not in chosen or value >= chosen[part].value

    if group == "total":
        return all(at_least(part) for part in ("civilians", "combatants", "children", "women"))
    if group in ("civilians", "combatants"):
        extra = ("children", "women") if group == "civilians" else ()
        return at_most("total") and all(at_least(part) for part in extra)
    return at_most("civilians") and at_most("total")


def _noun_kind(word: str) -> _Kind | None:
    nouns = _kinds().noun
    for key in (word, word.removesuffix("s"), word.removesuffix("es")):
        if key in nouns:
            return nouns[key]
    return None


def _word_event(token: Token) -> str | None:
    words = _event_words()
    return words.get(token.lower_) or words.get(token.lemma_.lower())
