"""Articles from the web, against a real HTTP server on loopback: pages, a feed, a 404, a slow host, a huge body,
a redirect loop, robots.txt; a second run adds nothing, and watch picks up a new item."""
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from armstrace.cli import app
from armstrace.fetch import USER_AGENT
from armstrace.model import Extraction
from armstrace.store import Store
from armstrace.workflow import ingest

PAGE = ("<html><head><title>{title}</title><meta property='article:published_time' content='2021-05-0{n}'></head>"
        "<body><article><h1>{title}</h1><p>{body}</p><p>Officials confirmed the delivery on Monday in a short "
        "statement to reporters.</p></article></body></html>")
def no_facts(doc):   # what is read matters here, not what is extracted
    return Extraction(document=doc)


ITEMS = [("Serbia gets drones", "Serbia received six Chinese drones in 2020, the defence ministry said."),
         ("Chile buys frigates", "Chile bought two frigates from Australia in 2020, the navy said.")]


def feed(items):
    entries = "".join(f"<item><title>{t}</title><link>/news/{i}</link><pubDate>Mon, 0{i + 3} May 2021 08:00:00 GMT"
                      f"</pubDate></item>" for i, (t, _) in enumerate(items))
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>{entries}</channel></rss>"


@pytest.fixture
def site(monkeypatch):
    monkeypatch.setenv("ARMSTRACE_FETCH_DELAY", "0.01")
    monkeypatch.setenv("ARMSTRACE_FETCH_TIMEOUT", "1")
    state = {"items": list(ITEMS), "agents": set(), "hits": []}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def send(self, code, body, ctype="text/html; charset=utf-8"):
            data = body.encode() if isinstance(body, str) else body
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            state["agents"].add(self.headers.get("User-Agent"))
            state["hits"].append(self.path)
            if self.path == "/robots.txt":
                return self.send(200, "User-agent: *\nDisallow: /private\n", "text/plain")
            if self.path == "/feed.xml":
                return self.send(200, feed(state["items"]), "application/rss+xml")
            if self.path.startswith("/news/"):
                i = int(self.path.rsplit("/", 1)[1])
                title, body = state["items"][i]
                return self.send(200, PAGE.format(title=title, body=body, n=i + 3))
            if self.path == "/slow":
                time.sleep(3)
                return self.send(200, "late")
            if self.path == "/huge":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                try:
                    for _ in range(64):
                        self.wfile.write(b"x" * (1 << 20))
                except OSError:
                    pass
                return None
            if self.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.end_headers()
                return None
            return self.send(404, "no such page")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()


def test_a_feed_is_ingested_once_with_urls_titles_and_dates(site, tmp_path):
    store = Store(str(tmp_path / "f.db"))
    report = ingest(store, [site["url"] + "/feed.xml"], extractor=no_facts)
    assert report.ok and len(report.added) == 2
    docs = {d["url"]: d for d in store.documents()}
    first = docs[site["url"] + "/news/0"]
    assert (first["title"], first["published"]) == ("Serbia gets drones", "2021-05-03")
    assert "Serbia received six Chinese drones" in store.document(first["id"]).text
    assert site["agents"] == {USER_AGENT}
    site["hits"].clear()
    again = ingest(store, [site["url"] + "/feed.xml"], extractor=no_facts)
    assert again.ok and not again.added and store.counts()["documents"] == 2
    assert [h for h in site["hits"] if h != "/robots.txt"] == ["/feed.xml"]   # the items read before: not fetched


def test_bad_urls_are_reported_each_with_its_reason(site, tmp_path):
    store = Store(str(tmp_path / "b.db"))
    urls = [site["url"] + p for p in ("/missing", "/slow", "/huge", "/loop", "/private/page")]
    report = ingest(store, urls + [site["url"] + "/news/1"], extractor=no_facts)
    reasons = {p.path.rsplit("/", 1)[-1]: p.reason for p in report.problems}
    assert reasons["missing"] == "HTTP 404"
    assert reasons["slow"].startswith("no answer within 1 s")
    assert reasons["huge"].startswith("too large")
    assert "redirect" in reasons["loop"]
    assert "robots.txt" in reasons["page"]
    assert len(report.added) == 1                           # the good page among them is stored


def test_watch_picks_up_a_new_item(site, tmp_path):
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", site["url"] + "/feed.xml", "--db", db])
    assert first.exit_code == 0 and "2 added" in first.stderr
    site["items"].append(("Peru orders tanks", "Peru ordered 30 tanks from South Korea in 2021, officials said."))
    watched = runner.invoke(app, ["watch", site["url"] + "/feed.xml", "--every", "1s", "--times", "1", "--db", db])
    assert watched.exit_code == 0 and "1 added" in watched.stderr
    assert Store(db).counts()["documents"] == 3
