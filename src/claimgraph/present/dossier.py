"""The self-contained HTML dossier: every document highlighted, and what sources share.

One file, no scripts or styles from the network: it opens offline and can be mailed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

from jinja2 import Environment, PackageLoader, select_autoescape

from claimgraph import __version__
from claimgraph.link.questions import QuestionCluster
from claimgraph.link.topics import group_claims, group_figures
from claimgraph.present.highlight import highlight
from claimgraph.records import CASUALTY_GROUPS, Extraction


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("claimgraph.present", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda v: "" if v is None else f"{v:,.0f}" if v == int(v) else f"{v:,.2f}"
    env.filters["kind"] = lambda v: (v or "").replace("_", " ")
    return env


def render_dossier(
    extractions: Sequence[Extraction],
    title: str = "claimgraph dossier",
    questions: Sequence[QuestionCluster] = (),
) -> str:
    """The dossier's HTML for the given documents (in the order given).

    ``questions`` are the clusters of ``claimgraph.link.questions``; those where sources
    contradict each other or later reporting overtakes an earlier claim are shown first,
    each relation with its evidence.
    """
    disputed = [
        q for q in questions if any(r.relation in ("contradict", "update") for r in q.relations)
    ]
    template = _environment().get_template("dossier.html.j2")
    return template.render(
        title=title,
        version=__version__,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        extractions=extractions,
        highlighted={x.document.id: highlight(x) for x in extractions},
        figure_groups=group_figures(extractions),
        claim_groups=group_claims(extractions),
        questions=disputed,
        sources=sorted({x.document.source or "unknown" for x in extractions}),
        casualty_groups=CASUALTY_GROUPS,
    )
