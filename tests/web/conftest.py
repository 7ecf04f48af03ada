"""A real server on loopback and a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright)."""
import shutil
from pathlib import Path

import pytest

from armstrace.api import create_app
from armstrace.pipeline import extract
from armstrace.sipri import import_file
from armstrace.store import Store
from armstrace.workflow import ingest
from tests.serve import live_server

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOSTILE = ("A Hostile Page\n\nMay 5, 2019\n\nRussia sold tanks to Serbia in 2018. The comment said "
           "<script>window.__pwned = true; alert('owned')</script> and <img src=x onerror=\"window.__pwned=1\">.\n")


def example_store(tmp_path_factory, extra: dict[str, str] = {}) -> tuple[Store, Path]:  # noqa: B006 — read only
    """A store of the example corpus (and `extra` articles: name → text), extracted; and the corpus folder."""
    root = tmp_path_factory.mktemp("corpus")
    for f in EXAMPLES.iterdir():
        shutil.copy(f, root / f.name)
    for name, text in extra.items():
        (root / name).write_text(text)
    store = Store(str(tmp_path_factory.mktemp("db") / "web.db"))
    assert ingest(store, [root], extractor=extract).ok
    return store, root


def open_tab(browser, url: str, height: int = 900):
    """A new browser tab on url that records the page's errors (and its dialogs, as errors) in tab.errors."""
    # bypass_csp: Playwright evaluates strings; and the escaping, not the CSP, must keep article markup inert
    ctx = browser.new_context(viewport={"width": 1400, "height": height}, accept_downloads=True, bypass_csp=True)
    tab = ctx.new_page()
    tab.errors = []
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.on("dialog", lambda d: (tab.errors.append(f"dialog: {d.message}"), d.dismiss()))
    tab.goto(url)
    return ctx, tab


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    store, _ = example_store(tmp_path_factory, {"hostile.txt": HOSTILE})
    for name in ("sipri-register.csv", "tiv-russia.csv", "tiv-israel.csv"):  # SIPRI's data beside the news
        import_file(store, FIXTURES / name)
    with live_server(create_app(store=store, token="")) as (url, _):
        yield {"url": url, "store": store}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ctx, pg = open_tab(browser, server["url"] + "/")
    pg.wait_for_selector("#table-transfers tbody tr")
    yield pg
    ctx.close()
