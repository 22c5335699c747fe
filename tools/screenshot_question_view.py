"""The README's screenshot: the question view of the Mosul contradiction ("stay or leave").

    python tools/screenshot_question_view.py [--out docs/question-view.png]

Analyses examples/mosul into a temporary store, serves it on a free loopback port, opens
the question page in Debian's headless chromium (``/usr/bin/chromium``, driven by
Playwright, as the browser tests do) at 1280x900 and saves what the window shows.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path

import httpx
from playwright.sync_api import ViewportSize, sync_playwright

from claimgraph.cli import main as claimgraph
from claimgraph.present.web.serve import serving

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking"]
VIEWPORT = ViewportSize(width=1280, height=900)
QUESTION = "stay or leave"
LARGEST_BYTES = 300_000  # the README's image stays small in the repository


def question_id(base_url: str, question: str) -> str:
    """The id of the first question cluster whose question starts with ``question``."""
    listed = httpx.get(f"{base_url}/api/clusters", params={"limit": 100}).json()["items"]
    return next(item["id"] for item in listed if item["question"].startswith(question))


def screenshot(out: Path) -> int:
    """Save the question view as ``out``; the PNG's size in bytes."""
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "mosul.db")
        if claimgraph(["analyze", "--quiet", str(ROOT / "examples" / "mosul"), "--db", db]):
            raise SystemExit("analysing examples/mosul failed")
        with serving(db) as base_url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(f"{base_url}/questions/{question_id(base_url, QUESTION)}")
            page.wait_for_load_state("networkidle")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=out)
            browser.close()
    return out.stat().st_size


def main(argv: Sequence[str] | None = None) -> None:
    """Take the screenshot and say where it is and how large."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "question-view.png")
    args = parser.parse_args(argv)
    size = screenshot(args.out)
    print(f"{args.out}: {size:,} bytes")
    if size > LARGEST_BYTES:
        raise SystemExit(f"larger than {LARGEST_BYTES:,} bytes: too large for the README")


if __name__ == "__main__":
    main()
