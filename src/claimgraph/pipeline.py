"""The path of a document: ingest -> normalize -> annotate -> extract -> store, then of
the corpus: link -> assess -> store.

The pipeline joins the stages and counts what happened; the only state it keeps is
the loaded spaCy pipeline, in this process or in each worker process. Bad inputs
become problems and the run goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

from spacy.language import Language

from claimgraph.annotate import DEFAULT_PIPELINE, MAX_TEXT_CHARS, Annotator, check_pipeline
from claimgraph.assess.corpus import assess_corpus
from claimgraph.extract import extract
from claimgraph.ingest import IngestOptions, read_inputs
from claimgraph.link.corpus import read_link_inputs, relink, voice_id
from claimgraph.link.syndication import find_voices
from claimgraph.normalize import normalize
from claimgraph.records import Document, Extraction, InputProblem, RawDocument
from claimgraph.store import Store

# Worker processes take a few seconds to start (spaCy, the gazetteer): below this many
# documents per worker, one process is faster.
MIN_DOCUMENTS_PER_WORKER = 25
MAX_AUTO_WORKERS = 4
WORKER_BATCH = 8


class Reporter(Protocol):
    """What the pipeline tells the user as it goes (a progress bar, or nothing)."""

    def start(self, total: int) -> None:
        """The number of documents about to be processed."""

    def advance(self) -> None:
        """One more document done."""

    def problem(self, problem: InputProblem) -> None:
        """An input was skipped (fatal) or read with a warning."""


class SilentReporter:
    """A reporter that reports nothing (for library use and tests)."""

    def start(self, total: int) -> None:
        """Ignore the total."""

    def advance(self) -> None:
        """Ignore progress."""

    def problem(self, problem: InputProblem) -> None:
        """Ignore problems (they are still counted in the summary)."""


@dataclass
class RunSummary:
    """What a run did, for the closing summary line."""

    read: int = 0
    duplicates: int = 0  # exact repeats of a document read earlier in the run
    stored: int = 0
    already_stored: int = 0
    records: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    @property
    def skipped(self) -> list[InputProblem]:
        """The problems that made an input be skipped."""
        return [p for p in self.problems if p.fatal]

    def line(self, stored_verb: str = "stored") -> str:
        """One line: documents read, skipped with reasons, stored, records, time."""
        reasons = Counter(_reason_kind(p.reason) for p in self.skipped)
        why = "; ".join(f"{n} {reason}" for reason, n in reasons.most_common())
        repeats = f" ({self.duplicates} exact repeats counted once)" if self.duplicates else ""
        parts = [
            f"{self.read} documents read{repeats}",
            f"{len(self.skipped)} skipped" + (f" ({why})" if why else ""),
            f"{self.stored} {stored_verb}",
        ]
        if self.already_stored:
            parts.append(f"{self.already_stored} already stored")
        parts.append(f"{self.records} records")
        parts.append(f"{time.perf_counter() - self.started:.1f} s")
        return ", ".join(parts)


def _reason_kind(reason: str) -> str:
    """A reason without its particulars, to group like problems in the summary."""
    words = []
    for word in re.split(r"\s+", reason):
        if any(c.isdigit() or c in "/\\" for c in word) or word.startswith(("(", "'")):
            break
        words.append(word.rstrip(":;,"))
        if word.endswith((":", ";", ",")):
            break
    return " ".join(words) or reason


def normalize_checked(raw: RawDocument) -> Document | InputProblem:
    """The normalized document, or the problem: no text left, or more than the
    linguistic pass takes (``MAX_TEXT_CHARS``)."""
    result = normalize(raw)
    if isinstance(result, Document) and len(result.text) > MAX_TEXT_CHARS:
        return InputProblem(
            raw.origin, f"text too long: {len(result.text):,} characters, over {MAX_TEXT_CHARS:,}"
        )
    return result


def prepare(
    paths: list[str], options: IngestOptions, summary: RunSummary, reporter: Reporter
) -> list[Document]:
    """Read and normalize every input; problems are reported and counted, not raised."""
    documents: list[Document] = []
    seen: dict[str, Document] = {}
    for item in read_inputs(paths, options):
        if isinstance(item, InputProblem):
            summary.problems.append(item)
            reporter.problem(item)
            continue
        raw: RawDocument = item
        for warning in raw.warnings:
            problem = InputProblem(raw.origin, warning, fatal=False)
            summary.problems.append(problem)
            reporter.problem(problem)
        result = normalize_checked(raw)
        if isinstance(result, Document) and result.id in seen:
            first = seen[result.id]
            if first.text == result.text:
                # The same report twice (FA-KES has reports annotated more than once).
                summary.read += 1
                summary.duplicates += 1
                continue
            result = InputProblem(raw.origin, f"id {result.id} already used by {first.origin}")
        if isinstance(result, InputProblem):
            summary.problems.append(result)
            reporter.problem(result)
            continue
        seen[result.id] = result
        summary.read += 1
        documents.append(result)
    return documents


def _extract_each(
    documents: Iterable[Document], annotator: Annotator
) -> Iterator[Extraction | InputProblem]:
    """Annotate documents in one streamed spaCy pass and extract each one's records."""
    for doc, document in annotator.pipe((d.text, d) for d in documents):
        try:
            yield extract(document, doc)
        except Exception as error:  # one document's failure must not end the run
            yield InputProblem(document.origin, f"extraction failed: {error!r}")


# The one piece of state a worker process keeps: its loaded pipeline.
_worker_annotator: Annotator | None = None


def _start_worker(pipeline: str) -> None:
    global _worker_annotator
    # Ctrl-C is the parent's to handle: it stops handing out work and keeps what is stored.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_annotator = Annotator(pipeline)


def _extract_batch(documents: list[Document]) -> list[Extraction | InputProblem]:
    assert _worker_annotator is not None, "worker not started"
    return list(_extract_each(documents, _worker_annotator))


class Extractor:
    """Annotates and extracts documents in this process or in worker processes.

    Extraction is pure (a document in, its records out), so it spreads over processes;
    results come back in input order. ``workers=None`` picks one process for small
    inputs and up to ``MAX_AUTO_WORKERS`` processes (one per CPU) for larger ones.
    """

    def __init__(self, pipeline: str = DEFAULT_PIPELINE, workers: int | None = None) -> None:
        check_pipeline(pipeline)  # fail here, not in every worker
        self.pipeline = pipeline
        self.workers = workers
        self._annotator: Annotator | None = None

    def annotator(self) -> Annotator:
        """The pipeline loaded in this process (loaded on first use)."""
        if self._annotator is None:
            self._annotator = Annotator(self.pipeline)
        return self._annotator

    def workers_for(self, count: int) -> int:
        """How many processes to use for ``count`` documents."""
        if self.workers is not None:
            return max(1, self.workers)
        if count < MIN_DOCUMENTS_PER_WORKER * 2:
            return 1
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        return max(1, min(MAX_AUTO_WORKERS, cpus or 1, count // MIN_DOCUMENTS_PER_WORKER))

    def run(self, documents: list[Document]) -> Iterator[Extraction | InputProblem]:
        """The extraction (or the problem) of every document, in order."""
        workers = self.workers_for(len(documents))
        if workers == 1:
            yield from _extract_each(documents, self.annotator())
            return
        batches = [documents[i : i + WORKER_BATCH] for i in range(0, len(documents), WORKER_BATCH)]
        context = multiprocessing.get_context("spawn")  # no fork of a loaded pipeline
        pool = ProcessPoolExecutor(workers, context, _start_worker, (self.pipeline,))
        try:
            for results in pool.map(_extract_batch, batches):
                yield from results
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def extract_documents(
    documents: list[Document], extractor: Extractor, summary: RunSummary, reporter: Reporter
) -> Iterator[Extraction]:
    """The extractions of the documents; failures are reported, counted and skipped."""
    for result in extractor.run(documents):
        if isinstance(result, InputProblem):
            summary.problems.append(result)
            reporter.problem(result)
            reporter.advance()
        else:
            yield result


def run_extract(
    paths: list[str], options: IngestOptions, extractor: Extractor, reporter: Reporter
) -> tuple[Iterator[Extraction], RunSummary]:
    """Extractions of all inputs without a store, and the summary they fill in."""
    summary = RunSummary()
    documents = prepare(paths, options, summary, reporter)
    reporter.start(len(documents))
    return extract_documents(documents, extractor, summary, reporter), summary


def run_analyze(
    paths: list[str],
    options: IngestOptions,
    extractor: Extractor,
    store: Store,
    reporter: Reporter,
) -> RunSummary:
    """Read, extract and store all inputs; documents stored already are not redone.

    Each document is stored in its own transaction as soon as it is extracted, so an
    interrupted run keeps every document completed before the interruption.
    """
    summary = RunSummary()
    documents = prepare(paths, options, summary, reporter)
    known = store.known_ids(d.id for d in documents)
    summary.already_stored = sum(1 for d in documents if d.id in known)
    pending = [d for d in documents if d.id not in known]
    reporter.start(len(pending))
    for extraction in extract_documents(pending, extractor, summary, reporter):
        summary.records += store.save(extraction)
        summary.stored += 1
        reporter.advance()
    return summary


@dataclass
class LinkSummary:
    """What linking and grading did, for the closing summary line."""

    linked: int = 0  # documents linked for the first time
    events: int = 0  # events regrouped (new or changed)
    questions: int = 0  # question clusters regrouped (new or changed)
    voices: int = 0  # groups of copies in the whole store
    graded_events: int = 0
    graded_questions: int = 0
    started: float = field(default_factory=time.perf_counter)

    def line(self) -> str:
        """One line: documents linked, what was regrouped, what is graded, time."""
        return (
            f"{self.linked} documents linked, {self.events} events and {self.questions} "
            f"questions regrouped; {self.graded_events} events and {self.graded_questions} "
            f"questions graded, {self.voices} groups of copies, "
            f"{time.perf_counter() - self.started:.1f} s"
        )


def run_link(
    store: Store, load_nlp: Callable[[], Language], priors: Mapping[str, float]
) -> LinkSummary:
    """Link the stored documents not linked yet, then grade the whole store.

    Only the events and question clusters the new documents touch are regrouped
    (:func:`claimgraph.link.corpus.relink`); the new documents' link inputs and the
    regrouped links are stored in one transaction, the grades in another. ``load_nlp``
    gives the spaCy pipeline that parses the new claims; it is not called when there
    are none.
    """
    summary = LinkSummary()
    unlinked = store.unlinked_ids()
    extractions = list(store.extractions())
    fresh = [x for x in extractions if x.document.id in unlinked]
    new = read_link_inputs(fresh, load_nlp()) if fresh else []
    changes = relink(new, store.link_inputs(), store.event_members(), store.cluster_members())
    voices = find_voices(x.document for x in extractions)
    voice_of = {member.document_id: voice_id(v) for v in voices for member in v.members}
    store.save_links(new, changes, voice_of)
    events, clusters = store.linked()
    assessment = assess_corpus(extractions, events, clusters, voice_of, priors)
    store.save_assessment(assessment)
    summary.linked, summary.voices = len(new), len(voices)
    summary.events, summary.questions = len(changes.events), len(changes.clusters)
    summary.graded_events, summary.graded_questions = len(events), len(clusters)
    return summary
