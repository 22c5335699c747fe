"""Syndication: wire copies and near-duplicate reports, counted as one voice.

The same agency text (AFP, Reuters, SANA) runs on several sites with a new headline, a
dateline, a "Tags" line, a photo caption or a trimmed ending, and sometimes with a word
changed ("IS" becomes "ISIL"). Such copies are one voice, not corroboration. Two ways of
finding them, both incremental (adding a report compares it only with what it touches):

Near-duplicate documents. Each report's normalized text becomes the set of its word
5-grams (lower-cased, apostrophes dropped, punctuation ignored, numbers kept so that a
changed toll counts as a change), summarised by a 128-permutation MinHash; an LSH index
(datasketch) proposes candidate pairs and a pair is a near-duplicate when its estimated
Jaccard similarity is at least 0.3. Why these numbers:

* 5-grams: shorter ones (1 to 3 words) are shared by any two reports of the same kind of
  event ("were killed in air strikes on"); five words in the same order rarely recur
  unless text was copied. Broder's near-duplicate work uses word shingles of this size.
* 0.3: on FA-KES (several outlets republishing AFP, Reuters and SANA copy), every pair of
  reports at or above 0.3 is a copy, edited or not (see ``bench/syndication.py``), while
  from 0.15 to 0.3 most pairs are different stories from one outlet that share its stock
  background paragraph. Edited wire copies sit well below the usual 0.8 of web
  crawlers: a headline, a tag line and a rewritten first sentence are a large part of
  a 300-word report. What the threshold misses is a short first take of a wire story
  beside a much longer version of it (Jaccard 0.13 to 0.23): the shared passages below
  link those.
* 128 permutations: the estimate's standard error at 0.3 is about 0.04, enough to tell
  copies (0.4 to 1.0) from different reports (under 0.1); the sketch is 1 KB.
* LSH in 32 bands of 2 rows: a pair at Jaccard 0.3 becomes a candidate with probability
  0.95 (0.996 at 0.4), so recall is not lost to banding; the candidates are then checked
  against the threshold on the full sketch.

Groups ("voices") are the connected components of near-duplicate pairs; the member
published first is the likely origin (ties go to the one added first).

Shared passages. A wire paragraph pasted into a longer report leaves the two texts far
from near-duplicates. Every report is fingerprinted by winnowing (Schleimer, Wilkerson,
Aiken: "Winnowing: local algorithms for document fingerprinting", SIGMOD 2003): of the
hashes of its word 8-grams, the smallest in each window of 18 is kept, so that any run
of at least 25 words (8 + 18 - 1) that two reports share yields a common fingerprint. Each
common fingerprint is extended word by word both ways to the whole shared run; runs
along the same alignment separated by at most 3 differing words on each side are joined
(near-exact copies: a changed name or a dropped word). Passages of at least 25 words are
kept, with their character spans in both texts. A passage is no proof that two reports
are one voice (one outlet's stock background paragraph is shared text too), but a claim
whose sentence lies in a passage copied from an earlier report repeats that report.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from claimgraph.records import Document

SHINGLE_WORDS = 5
NUM_PERM = 128
THRESHOLD = 0.3
LSH_BANDS, LSH_ROWS = 32, 2  # 64 of the 128 hash values index the LSH; see the docstring
PASSAGE_GRAM_WORDS = 8
MIN_PASSAGE_WORDS = 25
WINNOW_WINDOW = MIN_PASSAGE_WORDS - PASSAGE_GRAM_WORDS + 1
MAX_PASSAGE_GAP_WORDS = 3

# Words as the comparison sees them: letters and digits; "Syria's" and "Syrias" are one.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NO_APOSTROPHES = str.maketrans("", "", "'’")


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a report's normalized text: its comparable form and its span."""

    key: str
    start: int
    end: int


def words_of(text: str) -> list[Word]:
    """The words of a text, lower-cased with apostrophes dropped, with their offsets."""
    return [
        Word(match.group().lower().translate(_NO_APOSTROPHES), match.start(), match.end())
        for match in _WORD.finditer(text)
    ]


def shingles(keys: list[str], size: int = SHINGLE_WORDS) -> set[str]:
    """The word ``size``-grams of a text (the whole text when it is shorter)."""
    if len(keys) <= size:
        return {" ".join(keys)} if keys else set()
    return {" ".join(keys[i : i + size]) for i in range(len(keys) - size + 1)}


def _stable_hash(text: str) -> int:
    # Python's hash() is salted per process; a saved index must hash the same way later.
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def winnow(keys: list[str]) -> list[tuple[int, int]]:
    """The fingerprints of a text: (hash, word position) of the smallest hash of a word
    ``PASSAGE_GRAM_WORDS``-gram in each window of ``WINNOW_WINDOW`` grams (the rightmost
    on a tie), each position once."""
    grams = [
        _stable_hash(" ".join(keys[i : i + PASSAGE_GRAM_WORDS]))
        for i in range(len(keys) - PASSAGE_GRAM_WORDS + 1)
    ]
    chosen: dict[int, int] = {}
    for first in range(max(1, len(grams) - WINNOW_WINDOW + 1)):
        window = grams[first : first + WINNOW_WINDOW]
        if not window:
            break
        smallest = min(window)
        position = first + max(i for i, value in enumerate(window) if value == smallest)
        chosen[position] = smallest
    return [(value, position) for position, value in sorted(chosen.items())]


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """Two reports whose texts are near-duplicates, with the estimated Jaccard of their
    word 5-gram sets. ``first`` was added to the index before ``second``."""

    first: str
    second: str
    jaccard: float


@dataclass(frozen=True, slots=True)
class SharedPassage:
    """A run of (nearly) the same words in two reports, with its span in each text."""

    first: str
    first_start: int
    first_end: int
    second: str
    second_start: int
    second_end: int
    words: int  # the length of the run in ``second``, in words


@dataclass(frozen=True, slots=True)
class Member:
    """A report as the index knows it: id, source, publication date."""

    document_id: str
    source: str | None
    published: str | None


@dataclass(slots=True)
class Voice:
    """Reports that are copies of one text: one voice, however many sites ran it.

    ``members`` are in order of publication (undated ones last); ``origin`` is the
    first of them, the likely original; ``pairs`` are the near-duplicate pairs that
    join them, with their estimated Jaccard similarity.
    """

    members: list[Member]
    pairs: list[NearDuplicate]

    @property
    def origin(self) -> Member:
        """The member published first: the likely original."""
        return self.members[0]

    @property
    def sources(self) -> list[str]:
        """The distinct sources that ran the text, in order of publication."""
        return list(dict.fromkeys(m.source for m in self.members if m.source))


@dataclass(slots=True)
class Matches:
    """What one added report was found to share with the reports indexed before it."""

    near_duplicates: list[NearDuplicate] = field(default_factory=list)
    passages: list[SharedPassage] = field(default_factory=list)


@dataclass(slots=True)
class _Indexed:
    member: Member
    order: int
    minhash: MinHash
    words: list[Word]


class SyndicationIndex:
    """Near-duplicate reports and shared passages, found as reports are added.

    ``add`` compares a report with the ones already indexed through the LSH and the
    fingerprint table only, so adding reports to a large index costs what they touch.
    The index keeps each report's sketch, fingerprints and words (to extend passages),
    and pickles: every hash it uses is the same in any process, so a saved index can be
    loaded and added to later.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=(LSH_BANDS, LSH_ROWS))
        self._documents: dict[str, _Indexed] = {}
        self._fingerprints: dict[int, list[tuple[str, int]]] = defaultdict(list)
        self._near_duplicates: list[NearDuplicate] = []
        self._passages: list[SharedPassage] = []
        self._parent: dict[str, str] = {}  # union-find over near-duplicate pairs

    def __contains__(self, document_id: object) -> bool:
        return document_id in self._documents

    def __len__(self) -> int:
        return len(self._documents)

    @property
    def near_duplicates(self) -> list[NearDuplicate]:
        """Every near-duplicate pair found so far, in the order found."""
        return list(self._near_duplicates)

    @property
    def passages(self) -> list[SharedPassage]:
        """Every shared passage found so far, in the order found."""
        return list(self._passages)

    def add(self, document: Document) -> Matches:
        """Index a report and return what it shares with those indexed before it.

        A report already indexed (the same id) is not compared again: nothing is returned.
        """
        if document.id in self._documents:
            return Matches()
        words = words_of(document.text)
        keys = [word.key for word in words]
        minhash = MinHash(num_perm=NUM_PERM)
        minhash.update_batch([s.encode() for s in shingles(keys)])
        member = Member(document.id, document.source, document.published)
        indexed = _Indexed(member, len(self._documents), minhash, words)
        matches = Matches()
        for other_id in sorted(self._lsh.query(minhash), key=lambda i: self._documents[i].order):
            jaccard = float(minhash.jaccard(self._documents[other_id].minhash))
            if jaccard >= self.threshold:
                matches.near_duplicates.append(NearDuplicate(other_id, document.id, jaccard))
        matches.passages = self._find_passages(indexed, winnow(keys))
        self._documents[document.id] = indexed
        self._lsh.insert(document.id, minhash)
        self._parent[document.id] = document.id
        for pair in matches.near_duplicates:
            self._union(pair.first, pair.second)
        self._near_duplicates.extend(matches.near_duplicates)
        self._passages.extend(matches.passages)
        return matches

    def _find_passages(
        self, new: _Indexed, fingerprints: list[tuple[int, int]]
    ) -> list[SharedPassage]:
        """The passages of ``new`` that earlier reports share, and file its fingerprints."""
        runs: dict[str, set[tuple[int, int, int]]] = defaultdict(set)
        for value, position in fingerprints:
            for other_id, other_position in self._fingerprints.get(value, ()):
                other = self._documents[other_id].words
                runs[other_id].add(_extend(other, other_position, new.words, position))
        for value, position in fingerprints:
            self._fingerprints[value].append((new.member.document_id, position))
        passages = []
        for other_id in sorted(runs, key=lambda i: self._documents[i].order):
            other = self._documents[other_id].words
            for first_start, first_end, second_start, second_end in _join_runs(runs[other_id]):
                if second_end - second_start < MIN_PASSAGE_WORDS:
                    continue
                passages.append(
                    SharedPassage(
                        other_id,
                        other[first_start].start,
                        other[first_end - 1].end,
                        new.member.document_id,
                        new.words[second_start].start,
                        new.words[second_end - 1].end,
                        second_end - second_start,
                    )
                )
        return passages

    def _root(self, document_id: str) -> str:
        while self._parent[document_id] != document_id:
            self._parent[document_id] = self._parent[self._parent[document_id]]
            document_id = self._parent[document_id]
        return document_id

    def _union(self, first: str, second: str) -> None:
        self._parent[self._root(second)] = self._root(first)

    def voice_of(self, document_id: str) -> str:
        """The id of a report's voice: the same for every copy of one text (KeyError for
        a report not indexed)."""
        return self._root(document_id)

    def voices(self) -> list[Voice]:
        """The groups of two or more near-duplicate reports, largest first."""
        members: dict[str, list[_Indexed]] = defaultdict(list)
        for indexed in self._documents.values():
            members[self._root(indexed.member.document_id)].append(indexed)
        pairs: dict[str, list[NearDuplicate]] = defaultdict(list)
        for pair in self._near_duplicates:
            pairs[self._root(pair.first)].append(pair)
        voices = [
            Voice([m.member for m in sorted(group, key=_publication_order)], pairs[root])
            for root, group in members.items()
            if len(group) > 1
        ]
        return sorted(voices, key=lambda v: (-len(v.members), v.origin.published or "~"))


def _publication_order(indexed: _Indexed) -> tuple[bool, str, int]:
    published = indexed.member.published
    return (published is None, published or "", indexed.order)


def _extend(first: list[Word], i: int, second: list[Word], j: int) -> tuple[int, int, int]:
    """The whole run of equal words through ``first[i]`` and ``second[j]``: its start in
    each and its length (0 where the seed is a hash collision)."""
    if any(
        first[i + k].key != second[j + k].key
        for k in range(PASSAGE_GRAM_WORDS)
        if i + k < len(first) and j + k < len(second)
    ):
        return (i, j, 0)
    while i > 0 and j > 0 and first[i - 1].key == second[j - 1].key:
        i, j = i - 1, j - 1
    length = 0
    while i + length < len(first) and j + length < len(second):
        if first[i + length].key != second[j + length].key:
            break
        length += 1
    return (i, j, length)


def _join_runs(runs: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Runs along one alignment joined across gaps of a few words on both sides, as
    (start, end) in the first text and (start, end) in the second, in words."""
    joined: list[list[int]] = []
    for first_at, second_at, length in sorted(r for r in runs if r[2] > 0):
        if joined:
            last = joined[-1]
            first_gap, second_gap = first_at - last[1], second_at - last[3]
            # Overlapping runs (gap below zero) are seeds of the same run or its extension.
            if -length < first_gap <= MAX_PASSAGE_GAP_WORDS and (
                -length < second_gap <= MAX_PASSAGE_GAP_WORDS
            ):
                last[1] = max(last[1], first_at + length)
                last[3] = max(last[3], second_at + length)
                continue
        joined.append([first_at, first_at + length, second_at, second_at + length])
    return [(a, b, c, d) for a, b, c, d in joined]


def find_voices(documents: Iterable[Document], threshold: float = THRESHOLD) -> list[Voice]:
    """The groups of near-duplicate reports among ``documents`` (a one-off index)."""
    index = SyndicationIndex(threshold)
    for document in documents:
        index.add(document)
    return index.voices()
