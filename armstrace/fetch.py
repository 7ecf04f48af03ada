"""Articles from the web: a page's URL, or an RSS/Atom feed whose items' pages are read.

The fetcher says who it is (User-Agent), gives up on a slow host (a timeout), on a body past the size limit and on
a redirect loop, respects robots.txt, and waits between two requests to the same host. Every failure is a
Problem naming the URL and the reason; nothing stops the other URLs.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Optional
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from . import __version__
from .ingest import MAX_BYTES, Item, Problem, decode, make_document

USER_AGENT = f"armstrace/{__version__} (arms-transfer research; a polite reader of news pages and feeds)"


def is_url(s: object) -> bool:
    return isinstance(s, str) and s.startswith(("http://", "https://"))


class FetchError(Exception):
    pass


class Fetcher:
    """GET with a User-Agent, a timeout (ARMSTRACE_FETCH_TIMEOUT, 20 s), a size limit, at most 5 redirects,
    robots.txt, and a delay between two requests to one host (ARMSTRACE_FETCH_DELAY, 1 s)."""

    def __init__(self, timeout: Optional[float] = None, delay: Optional[float] = None, max_bytes: int = MAX_BYTES):
        import httpx

        self.timeout = timeout if timeout is not None else float(os.environ.get("ARMSTRACE_FETCH_TIMEOUT") or 20)
        self.delay = delay if delay is not None else float(os.environ.get("ARMSTRACE_FETCH_DELAY") or 1)
        self.max_bytes = max_bytes
        self.client = httpx.Client(headers={"User-Agent": USER_AGENT}, follow_redirects=True, max_redirects=5,
                                   timeout=self.timeout)
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser] = {}

    def get(self, url: str) -> tuple[str, bytes, str]:
        """(the final URL, the body, its content type), or FetchError saying why not."""
        import httpx

        if not self.allowed(url):
            raise FetchError("robots.txt asks robots not to read it")
        self._wait(url)
        try:
            with self.client.stream("GET", url) as r:
                if r.status_code >= 400:
                    raise FetchError(f"HTTP {r.status_code}")
                declared = r.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"too large: {int(declared) / 1e6:.1f} MB (limit {self.max_bytes // 2**20} MB)")
                body = bytearray()
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise FetchError(f"too large: over {self.max_bytes // 2**20} MB")
                return str(r.url), bytes(body), r.headers.get("content-type", "")
        except httpx.TooManyRedirects:
            raise FetchError("too many redirects (a redirect loop?)") from None
        except httpx.TimeoutException:
            raise FetchError(f"no answer within {self.timeout:g} s") from None
        except httpx.HTTPError as e:
            raise FetchError(f"{type(e).__name__}: {e}") from None

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self._robots:
            robots = RobotFileParser()
            try:
                self._wait(host)
                r = self.client.get(urljoin(host, "/robots.txt"))
                robots.parse(r.text.splitlines() if r.status_code == 200 else [])
            except Exception:  # no robots.txt to read: nothing forbidden
                robots.parse([])
            self._robots[host] = robots
        return self._robots[host].can_fetch(USER_AGENT, url)

    def _wait(self, url: str) -> None:
        host = urlsplit(url).netloc
        pause = self._last.get(host, 0) + self.delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self._last[host] = time.monotonic()

    def close(self) -> None:
        self.client.close()


def read_url(url: str, fetcher: Fetcher, known: Callable[[str], bool] = lambda u: False) -> Iterator[Item]:
    """The article at a URL, or, for a feed, the article of each item the store does not know yet (`known`)."""
    try:
        final, body, ctype = fetcher.get(url)
    except FetchError as e:
        yield Problem(url, str(e))
        return
    head = body[:500].lstrip().lower()
    if any(t in ctype for t in ("rss", "atom", "/xml")) or head.startswith(b"<?xml") or b"<rss" in head \
            or b"<feed" in head:
        yield from _feed_items(url, body, fetcher, known)
        return
    yield _page(final, body, ctype, {"url": final})


def _feed_items(url: str, body: bytes, fetcher: Fetcher, known: Callable[[str], bool]) -> Iterator[Item]:
    import feedparser

    feed = feedparser.parse(body)
    if feed.bozo and not feed.entries:
        yield Problem(url, f"not a feed: {feed.get('bozo_exception') or 'unreadable'}")
        return
    for entry in feed.entries:
        link = entry.get("link")
        if not link:
            yield Problem(url, f"a feed item without a link: {entry.get('title') or '?'}")
            continue
        link = urljoin(url, link)
        if known(link):
            continue  # read before: a feed watched again adds only what is new
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        meta = {"title": entry.get("title"), "url": link,
                "published": time.strftime("%Y-%m-%d", stamp) if stamp else None}
        try:
            final, page, ctype = fetcher.get(link)
        except FetchError as e:
            yield Problem(link, str(e))
            continue
        yield _page(link, page, ctype, {k: v for k, v in meta.items() if v})


def _page(url: str, body: bytes, ctype: str, meta: dict) -> Item:
    text = decode(body)
    if isinstance(text, Problem):
        text.path = url
        return text
    fmt = "txt" if ctype.startswith("text/plain") else "html"
    return make_document(text, fmt, url, meta)
