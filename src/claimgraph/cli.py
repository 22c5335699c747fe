"""The ``claimgraph`` command: a thin layer over the pipeline, the store and the dossier."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from claimgraph import __version__
from claimgraph.annotate import DEFAULT_PIPELINE, load_pipeline
from claimgraph.assess.sources import read_priors
from claimgraph.assess.stance import label_lines
from claimgraph.ingest import IngestOptions
from claimgraph.ingest.files import DEFAULT_MAX_REPORT_BYTES
from claimgraph.ingest.tables import default_mapping, parse_published
from claimgraph.link.syndication import find_voices
from claimgraph.link.timeline import build_timelines
from claimgraph.pipeline import Extractor, run_analyze, run_extract, run_link
from claimgraph.present.console import ConsoleReporter
from claimgraph.present.dossier import render_dossier
from claimgraph.present.export import (
    CLUSTER_COLUMNS,
    EVENT_COLUMNS,
    FORMATS,
    SOURCE_COLUMNS,
    VOICE_COLUMNS,
    cluster_record,
    event_record,
    source_record,
    voice_record,
    write_csv,
    write_jsonl,
)
from claimgraph.present.web.app import (
    DEFAULT_MAX_UPLOAD_BYTES,
    TOKEN_VARIABLE,
    WebSettings,
    create_app,
)
from claimgraph.records import InputProblem
from claimgraph.store import DEFAULT_DATABASE, Store, StoreError

# What `claimgraph export` writes, with each kind's CSV columns.
EXPORT_COLUMNS = {
    "events": EVENT_COLUMNS,
    "clusters": CLUSTER_COLUMNS,
    "sources": SOURCE_COLUMNS,
    "voices": VOICE_COLUMNS,
}


def _column(value: str) -> tuple[str, str]:
    field_name, sep, column = value.partition("=")
    if not sep or not field_name or not column:
        raise argparse.ArgumentTypeError(f"expected FIELD=COLUMN, got {value!r}")
    return field_name.strip(), column.strip()


def _iso_date(value: str) -> str:
    try:
        iso = parse_published(value, default_mapping().date_formats)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
    if iso is None:
        raise argparse.ArgumentTypeError("empty date")
    return iso


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files or folders (read recursively); '-' reads JSON Lines from stdin",
    )
    parser.add_argument("--source", help="the source (outlet) of every input, over any other")
    parser.add_argument(
        "--published", type=_iso_date, help="the publication date of every input (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--column",
        type=_column,
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="the CSV/JSONL column holding FIELD (text, title, source, url, published, id)",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_REPORT_BYTES,
        help=f"largest .txt/.html report to read (default {DEFAULT_MAX_REPORT_BYTES:,} bytes)",
    )
    parser.add_argument(
        "--pipeline",
        default=DEFAULT_PIPELINE,
        help=f"spaCy pipeline package or path (default {DEFAULT_PIPELINE})",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes for the linguistic pass and extraction "
        "(default: one per CPU, up to 4, from 50 documents; else 1)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")


def _ingest_options(args: argparse.Namespace) -> IngestOptions:
    return IngestOptions(
        source=args.source,
        published=args.published,
        columns=dict(args.column),
        max_bytes=args.max_bytes,
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``claimgraph`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="claimgraph",
        description="Who claims what about a conflict, on whose word, and where sources disagree.",
    )
    parser.add_argument("--version", action="version", version=f"claimgraph {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser(
        "analyze",
        help="read reports, extract what they say, link them across sources and grade them",
        description="Read reports, extract what they say and store it in the database; then "
        "link the new reports into events and questions across sources (regrouping only what "
        "they touch) and grade every event, question, report and source.",
    )
    _add_input_options(analyze)
    analyze.add_argument("--db", default=DEFAULT_DATABASE, help="SQLite file or database URL")
    analyze.add_argument(
        "--priors",
        metavar="FILE",
        help="a CSV table of source,prior[,note] rows: your prior trust in each outlet "
        "(0 to 1; default 0.5 for all)",
    )

    extract = commands.add_parser(
        "extract",
        help="print each report's extraction as JSON Lines, without a database",
        description="Print each report's extraction as JSON Lines on stdout, without a database.",
    )
    _add_input_options(extract)

    report = commands.add_parser(
        "report",
        help="write a self-contained HTML dossier of the stored reports",
        description="Write a self-contained HTML dossier of the stored reports.",
    )
    report.add_argument("--db", default=DEFAULT_DATABASE, help="SQLite file or database URL")
    report.add_argument("--out", default="dossier.html", help="the HTML file to write")
    report.add_argument("--title", default="claimgraph dossier", help="the dossier's title")

    stance = commands.add_parser(
        "stance",
        help="label how each body stands towards its claim: agree, disagree, discuss, unrelated",
        description="Read JSON Lines {id, claim, body} and print {id, label, scores} lines: "
        "the body's stance towards the claim (agree, disagree, discuss or unrelated).",
    )
    stance.add_argument("path", metavar="FILE", help="a JSON Lines file; '-' reads stdin")

    export = commands.add_parser(
        "export",
        help="write the events, question clusters, sources or voices of the stored reports",
        description="Write one record per line: events with their reports, figures and "
        "grade; clusters (questions the sources answer) with their claims, pairwise "
        "relations and evidence, and grade; sources with their profile; or voices (groups "
        "of near-duplicate reports) with their Jaccard similarities. CSV has one row per "
        "record, nested fields as dotted columns and lists as JSON cells.",
    )
    export.add_argument("kind", choices=tuple(EXPORT_COLUMNS), help="what to write")
    export.add_argument("--db", default=DEFAULT_DATABASE, help="SQLite file or database URL")
    export.add_argument("--format", choices=FORMATS, default="jsonl", help="default jsonl")
    export.add_argument("--out", metavar="FILE", help="the file to write (default stdout)")
    serve = commands.add_parser(
        "serve",
        help="start the web app and JSON API over the store (offline; 127.0.0.1 by default)",
        description="Start the analyst's web app and JSON API over the store: reports, "
        "claims, questions, events, sources, timeline and map; the OpenAPI document is at "
        f"/openapi.json. Writing (POST /api/reports) is on only when {TOKEN_VARIABLE} is set.",
    )
    serve.add_argument("--db", default=DEFAULT_DATABASE, help="SQLite file or database URL")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--max-upload-bytes",
        type=int,
        default=DEFAULT_MAX_UPLOAD_BYTES,
        help=f"largest report a POST may send (default {DEFAULT_MAX_UPLOAD_BYTES:,} bytes)",
    )
    return parser


def _analyze(args: argparse.Namespace) -> int:
    priors = read_priors(Path(args.priors) if args.priors else None)
    extractor = Extractor(args.pipeline, args.workers)
    store = Store(args.db)
    try:
        with ConsoleReporter("analyze", quiet=args.quiet) as reporter:
            summary = run_analyze(args.paths, _ingest_options(args), extractor, store, reporter)
        reporter.say(f"{summary.line()} in {args.db}")
        linked = run_link(store, lambda: load_pipeline(args.pipeline), priors)
        reporter.say(linked.line())
    finally:
        store.close()
    return 1 if summary.skipped else 0


def _extract(args: argparse.Namespace) -> int:
    extractor = Extractor(args.pipeline, args.workers)
    with ConsoleReporter("extract", quiet=args.quiet) as reporter:
        extractions, summary = run_extract(args.paths, _ingest_options(args), extractor, reporter)
        for extraction in extractions:
            record = extraction.to_dict()
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            summary.stored += 1
            summary.records += sum(len(record[k]) for k in record if isinstance(record[k], list))
            reporter.advance()
        sys.stdout.flush()
    reporter.say(summary.line(stored_verb="extracted"))
    return 1 if summary.skipped else 0


def _open_linked(db: str) -> Store:
    """The store at ``db``, warning where some of its documents are not linked yet."""
    store = Store(_stored_database(db))
    unlinked = len(store.unlinked_ids())
    if unlinked:
        print(
            f"claimgraph: warning: {db}: {unlinked} documents not linked yet "
            "(run analyze again to link them)",
            file=sys.stderr,
        )
    return store


def _report(args: argparse.Namespace) -> int:
    store = _open_linked(args.db)
    try:
        extractions = list(store.extractions())
        assessment = store.assessment()
        voices = find_voices(x.document for x in extractions)
    finally:
        store.close()
    timelines = build_timelines(
        extractions,
        [graded.event for graded in assessment.events],
        [graded.cluster for graded in assessment.questions],
    )
    html = render_dossier(
        extractions,
        args.title,
        questions=assessment.questions,
        events=assessment.events,
        sources=assessment.sources,
        timelines=timelines,
        voices=voices,
    )
    out = Path(args.out)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)  # never leave a half-written dossier
    print(f"wrote {out} ({len(extractions)} documents)", file=sys.stderr)
    return 0


def _stance(args: argparse.Namespace) -> int:
    if args.path != "-" and not Path(args.path).is_file():
        print(f"claimgraph: error: {args.path}: no such file", file=sys.stderr)
        return 2
    skipped = 0
    with (
        open(args.path, encoding="utf-8") if args.path != "-" else contextlib.nullcontext(sys.stdin)
    ) as lines:
        for item in label_lines(lines, args.path):
            if isinstance(item, InputProblem):
                print(f"error: {item}", file=sys.stderr)
                skipped += 1
            else:
                sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 1 if skipped else 0


def _stored_database(db: str) -> str:
    """``db`` itself; a StoreError where it names a file that does not exist."""
    if "://" not in db and not Path(db).is_file():
        raise StoreError(f"{db}: no such database (run analyze first)")
    return db


def _export_records(kind: str, store: Store) -> Iterator[dict[str, Any]]:
    """The records of one export kind, read from the store."""
    if kind == "voices":
        voices = find_voices(x.document for x in store.extractions())
        return (voice_record(voice) for voice in voices)
    if kind == "sources":
        return (source_record(profile) for profile in store.assessment().sources)
    assessment, voice_of = store.assessment(), store.voice_of()
    if kind == "events":
        return (event_record(g.event, voice_of, g.grade) for g in assessment.events)
    return (cluster_record(question, voice_of) for question in assessment.questions)


def _export(args: argparse.Namespace) -> int:
    store = _open_linked(args.db)
    try:
        records = list(_export_records(args.kind, store))
    finally:
        store.close()
    columns = EXPORT_COLUMNS[args.kind]

    def write(stream: TextIO) -> int:
        if args.format == "csv":
            return write_csv(records, columns, stream)
        return write_jsonl(records, stream)

    if args.out is None:
        write(sys.stdout)
        sys.stdout.flush()
        return 0
    out = Path(args.out)
    tmp = out.with_name(out.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as stream:
            written = write(stream)
        tmp.replace(out)  # never leave a half-written export
    finally:
        tmp.unlink(missing_ok=True)
    print(f"wrote {out} ({written} {args.kind})", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn  # only this command needs the server

    settings = WebSettings.from_environment(_stored_database(args.db), args.max_upload_bytes)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the exit status is 1 when some input was skipped."""
    args = build_parser().parse_args(argv)
    handlers = {
        "analyze": _analyze,
        "extract": _extract,
        "report": _report,
        "stance": _stance,
        "export": _export,
        "serve": _serve,
    }
    try:
        return handlers[args.command](args)
    except BrokenPipeError:
        # The reader went away (`claimgraph extract ... | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print("claimgraph: interrupted; completed documents are kept", file=sys.stderr)
        return 130
    except (RuntimeError, ValueError, OSError) as error:
        print(f"claimgraph: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
