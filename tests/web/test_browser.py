"""The web app in a real browser: Debian's headless Chromium driven by Playwright.

The Mosul reports are analysed into a fresh store and served on a free loopback port. The
tests follow an analyst's path (overview, the contested question, the DEBKAfile report at
the claim) and open the map and the timeline. Every page must load without a console
error (a Content-Security-Policy violation is one) and without asking for anything from
another host. A screenshot of each page is saved under ``test-artifacts/``.

The module is skipped where Playwright or ``/usr/bin/chromium`` is missing (``.ci/run``
installs chromium with apt-get).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from claimgraph.cli import main
from claimgraph.present.web.serve import LOOPBACK, serving
from claimgraph.store import Store

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Route, ViewportSize

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.is_file():
    pytest.skip(
        f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) "
        "to run the browser tests",
        allow_module_level=True,
    )

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
# The DEBKAfile sentence that answers "stay or leave" against The National.
STAY_PUT = "decided to stay put"


@dataclass(frozen=True)
class MosulSite:
    """The served Mosul store and what the tests look for in it."""

    base_url: str
    debka_id: str  # the DEBKAfile report's document id
    stay_put_start: int  # where its "stay put" claim starts


@dataclass
class Watched:
    """A browser tab with what it logged and what it asked of other hosts."""

    page: Page
    errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Iterator[MosulSite]:
    """The Mosul reports analysed by the real pipeline and served from a thread."""
    db = tmp_path_factory.mktemp("web") / "mosul.db"
    assert main(["analyze", "--quiet", str(examples_dir / "mosul"), "--db", str(db)]) == 0
    store = Store(str(db))
    try:
        debka = next(x for x in store.extractions() if x.document.source == "DEBKAfile")
    finally:
        store.close()
    claim = next(c for c in debka.claims if STAY_PUT in c.text)
    with serving(str(db)) as base_url:
        yield MosulSite(base_url, debka.document.id, claim.start)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium from Debian, as CI installs it."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Watched]:
    """A fresh tab that records console errors and blocks every host but the loopback one.

    On leaving, the tab's page is saved as ``test-artifacts/<test name>.png`` (also when
    the test failed: that is when it helps most) and its log is checked.
    """
    context = browser.new_context(viewport=VIEWPORT)
    watched = Watched(context.new_page())

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":  # CSP violations are logged as errors
            watched.errors.append(message.text)

    def route(route: Route) -> None:
        if urlsplit(route.request.url).hostname == LOOPBACK:
            route.continue_()
        else:
            watched.foreign_requests.append(route.request.url)
            route.abort()

    watched.page.on("console", on_console)
    watched.page.on("pageerror", lambda error: watched.errors.append(str(error)))
    context.route("**/*", route)
    try:
        yield watched
    finally:
        save_screenshot(watched.page, request.node.name)
        context.close()
    assert watched.errors == [], "console errors (CSP violations included)"
    assert watched.foreign_requests == [], "requests that left 127.0.0.1"


def test_the_watch_sees_inline_script_and_other_hosts(site: MosulSite, tab: Watched) -> None:
    """The tab's checks mean something: a CSP violation and a request elsewhere are seen."""
    open_page(tab, site.base_url + "/")
    with tab.page.expect_console_message(lambda message: message.type == "error"):
        tab.page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "document.title = 'ran'";
                document.body.append(script);
            }"""
        )
    assert tab.page.title() != "ran"
    assert any("Content Security Policy" in error for error in tab.errors), tab.errors
    # CSP stops what a page fetches itself; a link that leaves is stopped by the route.
    with pytest.raises(sync_api.Error):
        tab.page.goto("http://example.org/elsewhere")
    assert tab.foreign_requests == ["http://example.org/elsewhere"]
    tab.errors.clear()  # seen as they should be: the tab's own checks pass
    tab.foreign_requests.clear()


def save_screenshot(page: Page, name: str) -> None:
    """The whole page as ``test-artifacts/<name>.png``."""
    ARTIFACTS.mkdir(exist_ok=True)
    file_name = re.sub(r"[^\w.-]+", "_", name)  # "test_x[search]" -> "test_x_search_"
    page.screenshot(path=ARTIFACTS / f"{file_name}.png", full_page=True)


def open_page(tab: Watched, url: str) -> None:
    """Load ``url`` and wait until its scripts ran and it stopped fetching."""
    response = tab.page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, f"{url}: {response and response.status}"


def test_the_contradiction_links_to_the_highlighted_debkafile_sentence(
    site: MosulSite, tab: Watched
) -> None:
    open_page(tab, site.base_url + "/")
    tab.page.locator('a[href*="/questions/"]', has_text="stay or leave").first.click()
    tab.page.wait_for_load_state("networkidle")
    assert "/questions/" in tab.page.url
    assert "The National" in tab.page.content()  # the other side of the contradiction
    save_screenshot(tab.page, "question_stay_or_leave")

    # From a row of the relations table that says the two sources contradict each other.
    contradiction = tab.page.locator("tr", has=tab.page.locator("td.relation.contradict"))
    claim_path = f"/reports/{site.debka_id}#claim-{site.stay_put_start}"
    contradiction.locator(f'a[href$="{claim_path}"]').first.click()
    tab.page.wait_for_load_state("networkidle")
    assert tab.page.url == site.base_url + claim_path

    sentence = tab.page.locator(f"#claim-{site.stay_put_start}")
    sync_api.expect(sentence).to_contain_text(STAY_PUT)
    sync_api.expect(sentence).to_contain_class("target")  # set by static/target.js
    assert sentence.evaluate("element => element.matches(':target')")
    assert sentence.is_visible()


def test_the_map_draws_country_outlines_and_events(site: MosulSite, tab: Watched) -> None:
    open_page(tab, site.base_url + "/map")
    world = tab.page.locator("svg.map").first
    assert world.locator("path.country").count() > 100  # the shipped outlines: the world
    mosul = world.locator("circle.event-point").first
    sync_api.expect(mosul).to_be_visible()
    # Both Mosul events are placed by their coordinates: the point lies within Iraq.
    iraq = world.locator("path.country", has=tab.page.locator("title", has_text="Iraq"))
    country, point = iraq.first.bounding_box(), mosul.bounding_box()
    assert country is not None and point is not None
    centre_x, centre_y = point["x"] + point["width"] / 2, point["y"] + point["height"] / 2
    assert country["x"] < centre_x < country["x"] + country["width"]
    assert country["y"] < centre_y < country["y"] + country["height"]


def test_the_timeline_draws_its_entries(site: MosulSite, tab: Watched) -> None:
    open_page(tab, site.base_url + "/timeline")
    bars = tab.page.locator("svg.timeline rect.about")
    assert bars.count() >= 2  # the Mosul events and dated claims
    # The server leaves each bar zero wide; static/timeline.js places it on the axis.
    widths = bars.evaluate_all("bars => bars.map(bar => bar.getBBox().width)")
    assert all(width > 0 for width in widths), widths
    placed = bars.evaluate_all("bars => bars.map(bar => bar.getAttribute('x'))")
    tab.page.get_by_role("button", name="Zoom in").first.click()
    assert bars.evaluate_all("bars => bars.map(bar => bar.getAttribute('x'))") != placed


@pytest.mark.parametrize(
    "path", ["/", "/search?q=Mosul", "/sources/DEBKAfile"], ids=["overview", "search", "source"]
)
def test_pages_load_cleanly(site: MosulSite, tab: Watched, path: str) -> None:
    open_page(tab, site.base_url + path)
    assert tab.page.locator("h1").count() >= 1


def test_the_event_page_shows_its_place(site: MosulSite, tab: Watched) -> None:
    open_page(tab, site.base_url + "/")
    tab.page.locator('a[href*="/events/"]').first.click()
    tab.page.wait_for_load_state("networkidle")
    assert "/events/" in tab.page.url
    sync_api.expect(tab.page.locator("main")).to_contain_text("Mosul")
