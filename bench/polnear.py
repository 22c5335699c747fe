"""Attribution extraction on the PolNeAR dev split: claimgraph against textacy.

    python -m bench.polnear [--data ../shared/data/polnear-dev] [--errors N] [--seed S]

PolNeAR (Newell, Margolin, Ruths: "An Attribution Relations Corpus for Political
News", LREC 2018) annotates US political news in brat standoff: ``dev/text/X.txt``
is an article, ``dev/attributions/X_<annotator>.ann`` its relations.  ``T`` lines
give Source, Cue and Content spans (character offsets into the raw file, possibly
discontinuous, "start end;start end"); an ``E`` line ties them into one relation
(``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``; ``Attribution-no-source``
relations have no Source, a few have a second content, ``Content2``).  Each relation
is one gold attribution.  Two dev articles were annotated by all six annotators:
they are scored against the first annotation in sorted order, once.

Held-out half: the articles in sorted file-name order are split by index, even ones
the tuning half (the only ones ``--errors`` samples from and the lexicons were tuned
on), odd ones the held-out half, never looked at while tuning.  The table is printed
for all articles, then content and source figures for each half.

Both systems read the same article texts, exactly as in the files (read with
``newline=""``: brat offsets count every character of the raw file):

* claimgraph: ``load_pipeline()`` once, then ``extract_attributions(nlp(text))`` per
  article (``publisher=None``);
* textacy 0.13 ``textacy.extract.triples.direct_quotations`` on a plain
  ``spacy.load`` of the same model (textacy as a user would run it).  It raises on an
  odd number of quotation marks: such an article counts as predicting nothing, and
  the table says how many there were.

Scoring, per article, then summed over the split:

* Tokens are the ``\\w+`` runs of the gold content (punctuation and spaces split, and
  are not tokens).  A prediction covers a gold content by the share of those tokens
  lying wholly inside the predicted content span; a pair with coverage >= 0.5 may
  match.  Matching is one-to-one and greedy: highest coverage first, ties to the
  prediction with the larger share of its characters inside the gold content (a
  prediction may cover more than the gold and still match).  Precision =
  matched predictions / predictions, recall = matched gold / gold.
* Direct or indirect: a content is direct when, after stepping over one quotation
  mark right outside its span (and sentence punctuation before a closing one), it
  starts and ends with a quotation mark (double marks, and curly single ones).  Gold
  contents are classed by their text; for the per-class F1 a matched prediction
  takes its gold's class and an unmatched one its own (mixed quotes, "he called it
  “a disgrace”", are indirect).
* Source, over matched relations whose gold has a Source: strict when the predicted
  source span overlaps the gold Source by a character; lenient also when the
  resolved speaker equals the gold source text or ends in the same word (case
  apart; "Donald Trump" for "Trump").  A gold source that is a pronoun needs the
  overlap (a resolved name cannot be checked without coreference); how often the
  gold source is a pronoun is printed below the table.
* Cue, over matched relations whose gold has a Cue: the predicted cue overlaps it.
* Speed: documents per second over the whole split in this run, spaCy models loaded
  before the clock, one ``nlp(text)`` call per article; "incl. spaCy" adds each
  side's own spaCy pass (claimgraph's pipeline also runs its entity ruler).

``--errors N`` prints, for the tuning half only, N sample misses and N false
positives of claimgraph (sampled with ``--seed``), then counts: the misses by a
mechanical cause (the first that applies, and every one that applies; gold cues are
read against ``claimgraph/data/attribution_cues.csv`` on claimgraph's parse), the gold
cue lemmas missing from that lexicon, the false positives by kind, and recall by kind
of gold cue.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from bench.headline import DataMissing, Headline
from claimgraph.data import read_rows

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear-dev"
CITATION = (
    'Newell, Margolin, Ruths: "An Attribution Relations Corpus for Political News", LREC 2018'
)
MIN_COVERAGE = 0.5
GOAL_F1 = 0.80
GOAL_SOURCE = 0.85

_TOKEN_RE = re.compile(r"\w+")
_OPENERS = frozenset('"“”„‟«»‘‚‹')
_CLOSERS = frozenset('"“”„‟«»’›')
_DOUBLE_QUOTES = frozenset('"“”„‟«»')
_TRAILING = frozenset(".,;:!?…")
_PRONOUNS = frozenset(
    {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "us", "me", "who"}
)

Pieces = tuple[tuple[int, int], ...]


# ---- gold ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldRelation:
    """One PolNeAR attribution relation (an E line)."""

    content: Pieces
    source: Pieces | None
    cue: Pieces | None


@dataclass(slots=True)
class Article:
    """One article: its raw text and the gold relations of one annotator."""

    name: str
    annotator: str
    text: str
    gold: list[GoldRelation]


def _pieces(offsets: str) -> Pieces:
    return tuple((int(a), int(b)) for a, b in (p.split() for p in offsets.split(";")))


def read_ann(path: Path) -> list[GoldRelation]:
    """The relations of one brat standoff file; relations with no Content are dropped."""
    spans: dict[str, tuple[str, Pieces]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            tag, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = (tag, _pieces(offsets))
        elif line.startswith("E") and len(fields) >= 2:
            events.append([tuple(arg.split(":", 1)) for arg in fields[1].split()])  # type: ignore[misc]
    relations: list[GoldRelation] = []
    for args in events:
        roles: dict[str, list[tuple[int, int]]] = {}
        for role, ref in args[1:]:  # args[0] is the Attribution trigger itself
            key = role.rstrip("0123456789")
            if ref in spans:
                roles.setdefault(key, []).extend(spans[ref][1])
        if not roles.get("Content"):
            continue
        relations.append(
            GoldRelation(
                content=tuple(sorted(roles["Content"])),
                source=tuple(sorted(roles["Source"])) if roles.get("Source") else None,
                cue=tuple(sorted(roles["Cue"])) if roles.get("Cue") else None,
            )
        )
    return relations


def read_split(data: Path) -> tuple[list[Article], list[str]]:
    """The dev articles paired with their annotation, and notes on what was chosen."""
    texts = sorted((data / "dev" / "text").glob("*.txt"))
    anns: dict[str, list[Path]] = {}
    for path in sorted((data / "dev" / "attributions").glob("*.ann")):
        stem, _, _annotator = path.stem.rpartition("_")
        anns.setdefault(stem, []).append(path)
    articles: list[Article] = []
    notes: list[str] = []
    multi: list[str] = []
    for path in texts:
        choices = anns.get(path.stem, [])
        if not choices:
            notes.append(f"{path.name}: no annotation, left out")
            continue
        if len(choices) > 1:
            multi.append(f"{path.stem} ({len(choices)})")
        with path.open(encoding="utf-8", newline="") as handle:  # offsets count raw chars
            text = handle.read()
        ann = choices[0]
        articles.append(
            Article(path.stem, ann.stem.rpartition("_")[2], text, read_ann(ann)),
        )
    if multi:
        notes.append(
            f"{len(multi)} articles annotated several times, scored once against the first "
            f"annotator in sorted order: {', '.join(multi)}"
        )
    return articles, notes


def halves(count: int) -> tuple[list[int], list[int]]:
    """The tuning half (even indexes of the sorted articles) and the held-out half (odd)."""
    return list(range(0, count, 2)), list(range(1, count, 2))


def subset(run: SideRun, indexes: Sequence[int]) -> SideRun:
    """A run's predictions on some of the articles (its clocks are not split)."""
    return SideRun(run.name, [run.predictions[i] for i in indexes])


# ---- predictions --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prediction:
    """One predicted attribution, reduced to what is scored."""

    content: tuple[int, int]
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    speaker: str | None
    kind: str = ""


@dataclass(slots=True)
class SideRun:
    """One system's predictions over the split and its clocks."""

    name: str
    predictions: list[list[Prediction]] = field(default_factory=list)
    spacy_seconds: float = 0.0
    extract_seconds: float = 0.0
    failed: list[str] = field(default_factory=list)


def run_claimgraph(articles: Sequence[Article]) -> tuple[SideRun, list[Any]]:
    """claimgraph's attributions for every article, and the spaCy docs (for the report)."""
    from claimgraph.annotate import load_pipeline
    from claimgraph.extract.attributions import extract_attributions

    nlp = load_pipeline()
    run = SideRun("claimgraph")
    docs: list[Any] = []
    for article in articles:
        started = time.perf_counter()
        doc = nlp(article.text)
        parsed = time.perf_counter()
        found = extract_attributions(doc, publisher=None)
        run.extract_seconds += time.perf_counter() - parsed
        run.spacy_seconds += parsed - started
        docs.append(doc)
        run.predictions.append(
            [
                Prediction(
                    content=(a.content.start, a.content.end),
                    source=(a.source.start, a.source.end) if a.source else None,
                    cue=(a.cue.start, a.cue.end) if a.cue else None,
                    speaker=a.speaker,
                    kind=a.speaker_kind,
                )
                for a in found
            ]
        )
    return run, docs


def run_textacy(articles: Sequence[Article]) -> SideRun:
    """textacy's direct quotations on a plain spaCy pass of the same model."""
    import spacy
    from textacy.extract.triples import direct_quotations

    from claimgraph.annotate import DEFAULT_PIPELINE

    nlp = spacy.load(DEFAULT_PIPELINE)
    run = SideRun("textacy")
    for article in articles:
        started = time.perf_counter()
        doc = nlp(article.text)
        parsed = time.perf_counter()
        try:
            triples = list(direct_quotations(doc))
        except ValueError:
            triples = []
            run.failed.append(article.name)
        run.extract_seconds += time.perf_counter() - parsed
        run.spacy_seconds += parsed - started
        predictions: list[Prediction] = []
        for speaker, cue, content in triples:
            source = (speaker[0].idx, speaker[-1].idx + len(speaker[-1])) if speaker else None
            cue_span = (cue[0].idx, cue[-1].idx + len(cue[-1])) if cue else None
            predictions.append(
                Prediction(
                    content=(content.start_char, content.end_char),
                    source=source,
                    cue=cue_span,
                    speaker=article.text[source[0] : source[1]] if source else None,
                )
            )
        run.predictions.append(predictions)
    return run


# ---- scoring ------------------------------------------------------------------------


def gold_tokens(text: str, pieces: Pieces) -> list[tuple[int, int]]:
    """The word tokens of a gold span; the whole span where it has none."""
    tokens = [
        (start + m.start(), start + m.end())
        for start, end in pieces
        for m in _TOKEN_RE.finditer(text[start:end])
    ]
    return tokens or list(pieces)


def coverage(tokens: Sequence[tuple[int, int]], span: tuple[int, int]) -> float:
    """The share of ``tokens`` wholly inside ``span``."""
    inside = sum(1 for a, b in tokens if a >= span[0] and b <= span[1])
    return inside / len(tokens)


def overlaps(span: tuple[int, int] | None, pieces: Iterable[tuple[int, int]] | None) -> bool:
    """Whether ``span`` shares at least one character with any of ``pieces``."""
    if span is None or pieces is None:
        return False
    return any(span[0] < b and a < span[1] for a, b in pieces)


def _overlap_chars(span: tuple[int, int], pieces: Pieces) -> int:
    return sum(max(0, min(span[1], b) - max(span[0], a)) for a, b in pieces)


def is_direct(text: str, start: int, end: int) -> bool:
    """Whether a content is a quotation: quote marks at both ends, one step outside allowed."""
    if start > 0 and text[start - 1] in _OPENERS:
        start -= 1
    after = end
    while after < len(text) and text[after] in _TRAILING:
        after += 1
    if after < len(text) and text[after] in _CLOSERS:
        end = after + 1
    inner = text[start:end].strip()
    while inner and inner[-1] in _TRAILING:  # “...”. and “...”,
        inner = inner[:-1]
    return len(inner) > 1 and inner[0] in _OPENERS and inner[-1] in _CLOSERS


def _words(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower())


def name_matches(speaker: str | None, gold_source: str) -> bool:
    """Lenient source match: the same text, or the same last word ("Trump")."""
    if not speaker:
        return False
    ours, theirs = _words(speaker), _words(gold_source)
    if not ours or not theirs:
        return False
    drop = {"the", "s"}
    ours = [w for w in ours if w not in drop] or ours
    theirs = [w for w in theirs if w not in drop] or theirs
    return ours == theirs or ours[-1] == theirs[-1]


def pieces_text(text: str, pieces: Pieces) -> str:
    """The text of a possibly discontinuous span, pieces joined by " … "."""
    return " … ".join(text[a:b] for a, b in pieces)


@dataclass(slots=True)
class Tally:
    """Counts of one system over the split."""

    predictions: int = 0
    gold: int = 0
    matched: int = 0
    by_class: dict[str, Counter[str]] = field(
        default_factory=lambda: {"direct": Counter(), "indirect": Counter()}
    )
    source_scored: int = 0
    source_strict: int = 0
    source_lenient: int = 0
    pronoun_scored: int = 0
    pronoun_strict: int = 0
    cue_scored: int = 0
    cue_correct: int = 0


@dataclass(slots=True)
class DocResult:
    """One article's matching: gold index -> prediction index, and the reverse."""

    gold_to_pred: dict[int, int]
    pred_to_gold: dict[int, int]
    best_cover: list[float]  # per gold: the best coverage of any prediction


def match(article: Article, predictions: Sequence[Prediction]) -> DocResult:
    """Greedy one-to-one matching of predictions to gold contents by coverage."""
    pairs: list[tuple[float, float, int, int]] = []
    best = [0.0] * len(article.gold)
    for g, relation in enumerate(article.gold):
        tokens = gold_tokens(article.text, relation.content)
        for p, pred in enumerate(predictions):
            cover = coverage(tokens, pred.content)
            best[g] = max(best[g], cover)
            if cover >= MIN_COVERAGE:
                length = max(1, pred.content[1] - pred.content[0])
                precision = _overlap_chars(pred.content, relation.content) / length
                pairs.append((cover, precision, g, p))
    pairs.sort(key=lambda t: (-t[0], -t[1], t[2], t[3]))
    gold_to_pred: dict[int, int] = {}
    pred_to_gold: dict[int, int] = {}
    for _cover, _precision, g, p in pairs:
        if g not in gold_to_pred and p not in pred_to_gold:
            gold_to_pred[g] = p
            pred_to_gold[p] = g
    return DocResult(gold_to_pred, pred_to_gold, best)


def gold_class(article: Article, relation: GoldRelation) -> str:
    """``direct`` or ``indirect`` for a gold content."""
    start, end = relation.content[0][0], relation.content[-1][1]
    return "direct" if is_direct(article.text, start, end) else "indirect"


def score(
    articles: Sequence[Article], run: SideRun
) -> tuple[Tally, list[DocResult], list[list[str]]]:
    """Score one system; also returns the matchings and each article's gold classes."""
    tally = Tally()
    results: list[DocResult] = []
    classes: list[list[str]] = []
    for article, predictions in zip(articles, run.predictions, strict=True):
        result = match(article, predictions)
        results.append(result)
        gold_classes = [gold_class(article, r) for r in article.gold]
        classes.append(gold_classes)
        tally.predictions += len(predictions)
        tally.gold += len(article.gold)
        tally.matched += len(result.gold_to_pred)
        for g, cls in enumerate(gold_classes):
            tally.by_class[cls]["gold"] += 1
            if g in result.gold_to_pred:
                tally.by_class[cls]["matched"] += 1
                tally.by_class[cls]["predictions"] += 1
        for p, pred in enumerate(predictions):
            if p not in result.pred_to_gold:
                own = "direct" if is_direct(article.text, *pred.content) else "indirect"
                tally.by_class[own]["predictions"] += 1
        for g, p in result.gold_to_pred.items():
            relation, pred = article.gold[g], predictions[p]
            if relation.cue is not None:
                tally.cue_scored += 1
                tally.cue_correct += overlaps(pred.cue, relation.cue)
            if relation.source is None:
                continue
            gold_source = pieces_text(article.text, relation.source)
            strict = overlaps(pred.source, relation.source)
            pronoun = gold_source.strip().lower() in _PRONOUNS
            lenient = strict or (not pronoun and name_matches(pred.speaker, gold_source))
            tally.source_scored += 1
            tally.source_strict += strict
            tally.source_lenient += lenient
            tally.pronoun_scored += pronoun
            tally.pronoun_strict += pronoun and strict
    return tally, results, classes


# ---- report -------------------------------------------------------------------------


def _prf(matched_pred: int, predictions: int, matched_gold: int, gold: int) -> tuple[float, ...]:
    p = matched_pred / predictions if predictions else 0.0
    r = matched_gold / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.1%} ({part}/{whole})" if whole else "n/a"


def table_rows(tally: Tally, run: SideRun | None, documents: int) -> dict[str, str]:
    """One system's column of the table; the speed rows only where ``run`` is given."""
    p, r, f = _prf(tally.matched, tally.predictions, tally.matched, tally.gold)
    rows = {"content P / R / F1": f"{p:.3f} / {r:.3f} / {f:.3f}"}
    for cls in ("direct", "indirect"):
        c = tally.by_class[cls]
        cp, cr, cf = _prf(c["matched"], c["predictions"], c["matched"], c["gold"])
        rows[f"content F1, {cls} only"] = f"{cf:.3f} (P {cp:.2f} R {cr:.2f})"
    rows["source correct (strict)"] = _pct(tally.source_strict, tally.source_scored)
    rows["source correct (lenient)"] = _pct(tally.source_lenient, tally.source_scored)
    rows["cue correct"] = _pct(tally.cue_correct, tally.cue_scored)
    if run is None:
        return rows
    total = run.spacy_seconds + run.extract_seconds
    rows["documents/s (incl. spaCy)"] = f"{documents / total:.1f}" if total else "n/a"
    rows["documents/s (excl. spaCy)"] = (
        f"{documents / run.extract_seconds:.1f}" if run.extract_seconds else "n/a"
    )
    return rows


GOALS = {
    "content P / R / F1": f"F1 >= {GOAL_F1:.2f}",
    "source correct (strict)": f">= {GOAL_SOURCE:.0%}",
}


def print_table(columns: list[tuple[str, dict[str, str]]]) -> None:
    """Print the side-by-side table."""
    widths = [30] * (len(columns) + 1)
    header = "metric".ljust(widths[0]) + "".join(
        name.ljust(w) for (name, _), w in zip(columns, widths[1:], strict=True)
    )
    print(header + "goal")
    for metric in columns[0][1]:
        line = metric.ljust(widths[0]) + "".join(
            rows[metric].ljust(w) for (_, rows), w in zip(columns, widths[1:], strict=True)
        )
        print((line + GOALS.get(metric, "")).rstrip())


# ---- error analysis (claimgraph) ----------------------------------------------------


@cache
def cue_lexicon_entries() -> tuple[set[str], list[tuple[str, ...]]]:
    """claimgraph's cue words: single lemmas, and multiword entries as word tuples."""
    cues = [row["cue"].lower() for row in read_rows("attribution_cues.csv") if row.get("cue")]
    return {c for c in cues if " " not in c}, [tuple(c.split()) for c in cues if " " in c]


def _doc_tokens(doc: Any, pieces: Pieces) -> list[Any]:
    return [t for t in doc if overlaps((t.idx, t.idx + len(t)), pieces) and not t.is_space]


@dataclass(frozen=True, slots=True)
class CueInfo:
    """What a gold cue is, read from claimgraph's parse of the article."""

    lemma: str  # the lemmas of its words ("would back"), or its text for punctuation
    kind: str  # "according to", "punctuation", "in lexicon", "noun", "verb/other"


def cue_info(doc: Any, relation: GoldRelation) -> CueInfo | None:
    """Classify a gold cue against claimgraph's cue lexicon; None where there is no cue."""
    if relation.cue is None:
        return None
    singles, phrases = cue_lexicon_entries()
    tokens = _doc_tokens(doc, relation.cue)
    words = [t.lower_ for t in tokens]
    alpha = [t for t in tokens if t.is_alpha]
    lemma = " ".join(t.lemma_.lower() for t in alpha) or "".join(words)
    if "according" in words:
        return CueInfo(lemma, "according to")
    if not alpha:
        return CueInfo(lemma, "punctuation")
    if any(t.lemma_.lower() in singles or t.lower_ in singles for t in alpha) or any(
        all(w in words for w in phrase) for phrase in phrases
    ):
        return CueInfo(lemma, "in lexicon")
    pos = {t.pos_ for t in alpha}
    return CueInfo(lemma, "noun" if "NOUN" in pos and "VERB" not in pos else "verb/other")


def miss_causes(
    article: Article, doc: Any, g: int, predictions: Sequence[Prediction], best_cover: float
) -> tuple[list[str], str]:
    """The mechanical causes of one missed gold relation, and its cue's lemma."""
    relation = article.gold[g]
    causes: list[str] = []
    info = cue_info(doc, relation)
    if info is None:
        causes.append("gold has no cue")
    else:
        if any(overlaps(p.cue, relation.cue) for p in predictions):
            causes.append("our cue right, content span wrong (coverage < 50% or taken)")
        if info.kind == "according to":
            causes.append('"according to"')
        elif info.kind == "punctuation":
            causes.append("punctuation cue (colon, dash)")
        elif info.kind != "in lexicon":
            causes.append(f"cue lemma not in our lexicon ({info.kind})")
    if best_cover > 0:
        causes.append("some prediction overlaps the gold content (boundary)")
    starts = [s.start_char for s in doc.sents]
    first = bisect_right(starts, relation.content[0][0])
    last = bisect_right(starts, max(relation.content[-1][1] - 1, relation.content[0][0]))
    if last > first:
        causes.append("gold content spans several sentences")
    if len(relation.content) > 1:
        causes.append("gold content discontinuous")
    if relation.source is None:
        causes.append("gold has no source")
    if not causes or causes == ["gold has no source"]:
        causes.append("cue in lexicon, one sentence, nothing predicted near it")
    return causes, info.lemma if info else ""


PRIORITY = (
    "gold has no cue",
    "our cue right, content span wrong (coverage < 50% or taken)",
    "some prediction overlaps the gold content (boundary)",
    '"according to"',
    "punctuation cue (colon, dash)",
    "cue lemma not in our lexicon (noun)",
    "cue lemma not in our lexicon (verb/other)",
    "gold content spans several sentences",
    "gold content discontinuous",
    "cue in lexicon, one sentence, nothing predicted near it",
)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def print_errors(
    articles: Sequence[Article],
    run: SideRun,
    results: Sequence[DocResult],
    docs: Sequence[Any],
    n: int,
    seed: int,
) -> None:
    """Sample misses and false positives of claimgraph, and the misses' causes counted."""
    misses: list[tuple[int, int, list[str]]] = []
    primary: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    missing_lemmas: Counter[str] = Counter()
    for a, (article, result) in enumerate(zip(articles, results, strict=True)):
        predictions = run.predictions[a]
        for g in range(len(article.gold)):
            if g in result.gold_to_pred:
                continue
            causes, lemma = miss_causes(article, docs[a], g, predictions, result.best_cover[g])
            misses.append((a, g, causes))
            flags.update(causes)
            primary[next(c for c in PRIORITY if c in causes)] += 1
            if any(c.startswith("cue lemma not in") for c in causes):
                missing_lemmas[lemma] += 1
    false_pos: list[tuple[int, int, str]] = []
    fp_kinds: Counter[str] = Counter()
    for a, (article, result) in enumerate(zip(articles, results, strict=True)):
        matched_gold = [article.gold[g] for g in result.gold_to_pred]
        for p, pred in enumerate(run.predictions[a]):
            if p in result.pred_to_gold:
                continue
            if any(
                pred.content[0] >= r.content[0][0] and pred.content[1] <= r.content[-1][1]
                for r in matched_gold
            ):
                kind = "inside a matched gold content (a fragment, a nested cue)"
            elif any(overlaps(pred.content, r.content) for r in article.gold):
                kind = "overlaps a gold content, covers < 50% of it"
            else:
                kind = "no gold content there"
            if pred.kind == "unattributed":
                kind += ", unattributed hedge"
            fp_kinds[kind] += 1
            false_pos.append((a, p, kind))
    rng = random.Random(seed)
    print(f"\n== {min(n, len(misses))} of {len(misses)} misses (gold content not matched)")
    for a, g, causes in sorted(rng.sample(misses, min(n, len(misses)))):
        article, relation = articles[a], articles[a].gold[g]
        text = article.text
        print(f"- {article.name} [{article.annotator}]")
        print(f"    content: {_short(pieces_text(text, relation.content))}")
        source = pieces_text(text, relation.source) if relation.source else "-"
        cue = pieces_text(text, relation.cue) if relation.cue else "-"
        print(f"    source: {source!r}  cue: {cue!r}")
        print(f"    causes: {'; '.join(causes)}")
    print(f"\n== {min(n, len(false_pos))} of {len(false_pos)} false positives")
    for a, p, kind in sorted(rng.sample(false_pos, min(n, len(false_pos)))):
        article, pred = articles[a], run.predictions[a][p]
        text = article.text
        print(f"- {article.name}")
        print(f"    content: {_short(text[pred.content[0] : pred.content[1]])}")
        source = text[pred.source[0] : pred.source[1]] if pred.source else "-"
        cue = text[pred.cue[0] : pred.cue[1]] if pred.cue else "-"
        print(f"    source: {source!r} -> {pred.speaker!r} ({pred.kind})  cue: {cue!r}")
        print(f"    kind: {kind}")
    print(f"\n== claimgraph misses by first cause (of {len(misses)}, in this order of causes)")
    for cause in PRIORITY:
        if primary[cause]:
            print(f"  {primary[cause]:5d}  {cause}")
    print("\n== claimgraph misses, every cause that applies (overlapping)")
    for cause, count in flags.most_common():
        print(f"  {count:5d}  {cause}")
    print("\n== gold cue lemmas not in our lexicon, among the misses (top 15)")
    print("  " + ", ".join(f"{lemma} {count}" for lemma, count in missing_lemmas.most_common(15)))
    print(f"  ({len(missing_lemmas)} distinct lemmas)")
    print(f"\n== claimgraph false positives by kind (of {len(false_pos)})")
    for kind, count in fp_kinds.most_common():
        print(f"  {count:5d}  {kind}")
    total = sum(len(p) for p in run.predictions)
    matched = sum(len(r.pred_to_gold) for r in results)
    fragments = sum(c for kind, c in fp_kinds.items() if kind.startswith("inside a matched"))
    if total > fragments:
        print(
            f"  precision without those inside a matched gold content: "
            f"{matched / (total - fragments):.3f}"
        )
    kinds: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for a, (article, result) in enumerate(zip(articles, results, strict=True)):
        for g, relation in enumerate(article.gold):
            info = cue_info(docs[a], relation)
            kind = info.kind if info else "no cue"
            kinds[kind] += 1
            found[kind] += g in result.gold_to_pred
    print("\n== claimgraph recall by the kind of gold cue")
    for kind, count in kinds.most_common():
        print(f"  {count:5d} gold, recall {found[kind] / count:.3f}  cue {kind}")


# ---- main ---------------------------------------------------------------------------


def headlines(data: Path = DEFAULT_DATA) -> list[Headline]:
    """Content F1 and source correctness, all 84 and held-out half, for bench.extraction."""
    if not (data / "dev" / "text").is_dir() or not (data / "dev" / "attributions").is_dir():
        raise DataMissing(f"PolNeAR dev data not found at {data}")
    articles, _notes = read_split(data)
    ours, _docs = run_claimgraph(articles)
    peer = run_textacy(articles)
    _tune, held_out = halves(len(articles))
    found = []
    for part, indexes in (("all", range(len(articles))), ("held-out half", held_out)):
        chosen = [articles[i] for i in indexes]
        mine = score(chosen, subset(ours, list(indexes)))[0]
        theirs = score(chosen, subset(peer, list(indexes)))[0]
        f1 = _prf(mine.matched, mine.predictions, mine.matched, mine.gold)[2]
        peer_f1 = _prf(theirs.matched, theirs.predictions, theirs.matched, theirs.gold)[2]
        found.append(
            Headline(
                "3 attributions",
                f"content F1, PolNeAR dev, {part} ({len(chosen)} articles)",
                f1,
                GOAL_F1,
                peers=f"textacy direct_quotations {peer_f1:.3f} (same run)",
            )
        )
        found.append(
            Headline(
                "3 attributions",
                f"source correct on matched, PolNeAR dev, {part}",
                100 * mine.source_strict / max(mine.source_scored, 1),
                100 * GOAL_SOURCE,
                peers="textacy "
                f"{100 * theirs.source_strict / max(theirs.source_scored, 1):.1f}% (same run)",
                unit="%",
            )
        )
    return found


def main(argv: Sequence[str] | None = None) -> None:
    """Run both systems over the dev split and print the comparison."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="polnear-dev folder")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N samples")
    parser.add_argument("--seed", type=int, default=0, help="seed of the error samples")
    args = parser.parse_args(argv)
    if (
        not (args.data / "dev" / "text").is_dir()
        or not (args.data / "dev" / "attributions").is_dir()
    ):
        print(f"skipped: PolNeAR dev data not found at {args.data}")
        return
    try:
        import textacy  # noqa: F401
    except ImportError:
        print("skipped: textacy not installed (pip install -e '.[bench]')")
        return
    articles, notes = read_split(args.data)
    if not articles:
        print(f"skipped: no annotated PolNeAR articles found at {args.data}")
        return
    ours, docs = run_claimgraph(articles)
    peer = run_textacy(articles)
    n = len(articles)
    ours_tally, ours_results, classes = score(articles, ours)
    peer_tally, _, _ = score(articles, peer)
    gold = ours_tally.gold
    direct = sum(c.count("direct") for c in classes)
    mixed = sum(
        1
        for article, gold_classes in zip(articles, classes, strict=True)
        for relation, cls in zip(article.gold, gold_classes, strict=True)
        if cls == "indirect" and _DOUBLE_QUOTES & set(pieces_text(article.text, relation.content))
    )
    print(f"PolNeAR dev ({CITATION})")
    print(
        f"{n} articles, {gold} gold attributions ({direct} direct, {gold - direct} indirect, "
        f"{mixed} of them with a double-quoted part)"
    )
    for note in notes:
        print(note)
    print()
    print_table(
        [
            ("claimgraph", table_rows(ours_tally, ours, n)),
            ("textacy direct_quotations", table_rows(peer_tally, peer, n)),
        ]
    )
    tune, held_out = halves(n)
    for title, indexes in (
        ("tuning half (even indexes)", tune),
        ("held-out half (odd indexes, not looked at while tuning)", held_out),
    ):
        part = [articles[i] for i in indexes]
        gold_part = sum(len(a.gold) for a in part)
        print(f"\n{title}: {len(part)} articles, {gold_part} gold attributions")
        print_table(
            [
                (system.name, table_rows(score(part, subset(system, indexes))[0], None, len(part)))
                for system in (ours, peer)
            ]
        )
    print()
    print(
        f"predictions: claimgraph {ours_tally.predictions}, textacy {peer_tally.predictions}; "
        f"textacy raised on {len(peer.failed)}/{n} articles (unbalanced quotation marks), "
        "scored as predicting nothing"
    )
    with_source = sum(1 for a in articles for r in a.gold if r.source)
    pronouns = sum(
        1
        for a in articles
        for r in a.gold
        if r.source and pieces_text(a.text, r.source).strip().lower() in _PRONOUNS
    )
    print(
        f"gold source is a pronoun: {_pct(pronouns, with_source)} of gold with a source; "
        f"among matched, claimgraph {_pct(ours_tally.pronoun_strict, ours_tally.pronoun_scored)}"
        f" correct, textacy {_pct(peer_tally.pronoun_strict, peer_tally.pronoun_scored)} correct"
    )
    print(
        f"source scored on matched gold with a Source ({gold - with_source} gold have none); "
        "match: >= 50% of the gold content's \\w+ tokens inside the prediction, greedy 1:1"
    )
    if args.errors > 0:
        print(f"\nerror analysis on the tuning half only ({len(tune)} articles)")
        print_errors(
            [articles[i] for i in tune],
            subset(ours, tune),
            [ours_results[i] for i in tune],
            [docs[i] for i in tune],
            args.errors,
            args.seed,
        )


if __name__ == "__main__":
    main()
