"""A real server on loopback and a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright)."""
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from armstrace.api import create_app
from armstrace.pipeline import extract
from armstrace.sipri import import_file
from armstrace.store import Store
from armstrace.workflow import ingest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOSTILE = ("A Hostile Page\n\nMay 5, 2019\n\nRussia sold tanks to Serbia in 2018. The comment said "
           "<script>window.__pwned = true; alert('owned')</script> and <img src=x onerror=\"window.__pwned=1\">.\n")


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    for f in EXAMPLES.iterdir():
        shutil.copy(f, root / f.name)
    (root / "hostile.txt").write_text(HOSTILE)
    store = Store(str(tmp_path_factory.mktemp("db") / "web.db"))
    assert ingest(store, [root], extractor=extract).ok
    for name in ("sipri-register.csv", "tiv-russia.csv", "tiv-israel.csv"):  # SIPRI's data beside the news
        import_file(store, FIXTURES / name)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(store=store, token=""), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield {"url": f"http://127.0.0.1:{port}", "store": store}
    srv.should_exit = True
    thread.join(5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    # bypass_csp: Playwright evaluates strings; and the escaping, not the CSP, must keep article markup inert
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True, bypass_csp=True)
    pg = ctx.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.errors.append(f"dialog: {d.message}"), d.dismiss()))
    pg.goto(server["url"] + "/")
    pg.wait_for_selector("#table-transfers tbody tr")
    yield pg
    ctx.close()
