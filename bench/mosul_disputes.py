"""The two Mosul disputes of issue 4, item 3, found unprompted by `analyze`.

    python -m bench.mosul_disputes

Analyses the bundled Mosul reports (examples/mosul: DEBKAfile, 2016-12-06, and The
National, undated on purpose: it tells of the battle's end in 2017) into a temporary
store, as ``claimgraph analyze`` does, and looks for the two relations the issue names
among the stored question clusters:

* a contradiction between DEBKAfile's "decided to stay put" and The National's "never
  intended to fight to the death ... tried to negotiate an escape";
* DEBKAfile's failing offensive overtaken (an update) by the total victory The National
  reports later.

Each is printed with its relation, its evidence and its question's grade. The question
frames that find them were written with these reports in view (see
``data/question_frames.csv``), so this shows the mechanism end to end, not its accuracy.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.headline import DataMissing, Headline
from claimgraph.annotate import load_pipeline
from claimgraph.assess.grades import GradedQuestion
from claimgraph.ingest import IngestOptions
from claimgraph.link.questions import ClaimRelation
from claimgraph.pipeline import Extractor, SilentReporter, run_analyze, run_link
from claimgraph.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "mosul"


@dataclass(frozen=True, slots=True)
class Dispute:
    """A relation the issue requires: its kind and words on each side."""

    name: str
    relation: str
    earlier: tuple[str, ...]  # any of these in the first claim (the earlier one)
    later: tuple[str, ...]  # any of these in the second


DISPUTES = (
    Dispute(
        "stay put / never meant to fight to the death",
        "contradict",
        ("decided to stay put",),
        ("never intended to fight to the death", "negotiate an escape"),
    ),
    Dispute(
        "failing offensive / total victory",
        "update",
        ("offensive",),
        ("victory was total",),
    ),
)


def _matches(dispute: Dispute, relation: ClaimRelation) -> bool:
    if relation.relation != dispute.relation:
        return False
    sides = (relation.first.text, relation.second.text)
    for first, second in (sides, sides[::-1]):
        if any(w in first for w in dispute.earlier) and any(w in second for w in dispute.later):
            # An update must run from the earlier report to the later one.
            return dispute.relation != "update" or first == relation.first.text
    return False


def find_disputes(
    questions: Sequence[GradedQuestion],
) -> dict[str, tuple[GradedQuestion, ClaimRelation] | None]:
    """Each required dispute with the question and relation that show it, or None."""
    found: dict[str, tuple[GradedQuestion, ClaimRelation] | None] = {}
    for dispute in DISPUTES:
        found[dispute.name] = next(
            (
                (question, relation)
                for question in questions
                for relation in question.cluster.relations
                if _matches(dispute, relation)
            ),
            None,
        )
    return found


def analyse_examples() -> list[GradedQuestion]:
    """The graded questions of the Mosul reports, analysed as `claimgraph analyze` does."""
    if not EXAMPLES.is_dir():
        raise DataMissing(f"the Mosul examples are not at {EXAMPLES}")
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "mosul.db"))
        try:
            extractor = Extractor(workers=1)
            run_analyze([str(EXAMPLES)], IngestOptions(), extractor, store, SilentReporter())
            run_link(store, load_pipeline, {})
            return store.assessment().questions
        finally:
            store.close()


def headlines() -> list[Headline]:
    """The Mosul goal, for ``python -m bench.cross_source``."""
    found = find_disputes(analyse_examples())
    shown = [name for name, hit in found.items() if hit is not None]
    return [
        Headline(
            "3 questions",
            "Mosul disputes the issue names, found unprompted (frames written with them in view)",
            len(shown),
            len(DISPUTES),
            peers="found: " + ("; ".join(shown) or "none"),
        )
    ]


def main() -> None:
    """Print each required dispute with its evidence and grade, or that it is missing."""
    for name, hit in find_disputes(analyse_examples()).items():
        if hit is None:
            print(f"MISSING  {name}")
            continue
        question, relation = hit
        print(f"found    {name}: {relation.relation} ({relation.basis})")
        print(f"         question: {question.cluster.question}")
        print(f"         evidence: {relation.evidence}")
        grade = question.grade
        print(f"         grade: {grade.label} {grade.score:.2f}: {'; '.join(grade.reasons)}")


if __name__ == "__main__":
    main()
