"""Files and folders → Documents: discovery, decoding, HTML main text, JSONL bundles, near-duplicate fingerprints.

Every per-file problem becomes a `Problem` naming the file and the reason; nothing here raises for bad input
and nothing here touches the store.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import numpy as np

from .metadata import parse_date, recover_metadata
from .model import Document, content_id, valid_date

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
                 ".jsonl": "jsonl", ".ndjson": "jsonl", ".pdf": "pdf"}
_MAGIC = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"PK\x03\x04": "a ZIP archive (docx/xlsx?)",
          b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image", b"\x1f\x8b": "gzip data",
          b"\xd0\xcf\x11\xe0": "an old MS Office file"}


@dataclass
class Problem:
    path: str
    reason: str
    skipped: bool = False    # not an article file (an unsupported type, a FIFO, a link loop): reported, not failed

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


Item = Union[Document, Problem]


def discover(paths: Sequence[Union[str, Path]]) -> tuple[list[Path], list[Problem]]:
    """Expand folders (recursively, sorted, hidden entries skipped) into the article files they hold. What cannot
    be read as an article is reported: a path given that does not exist or is not supported (failed), and inside
    folders every file of another type, FIFO, socket, broken link, link loop or linked folder (skipped)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in _walk(p, problems):
                files.append(f)
        elif p.is_file():
            if p.suffix.lower() in TEXT_SUFFIXES:
                files.append(p)
            else:
                problems.append(Problem(path_label(p), _unsupported(p)))
        elif p.is_symlink():
            problems.append(Problem(path_label(p), _link_problem(p)))
        elif p.exists():
            problems.append(Problem(path_label(p), f"not a regular file ({_kind(p)})"))
        else:
            problems.append(Problem(path_label(p), "no such file or folder"))
    return files, problems


def _walk(root: Path, problems: list[Problem]) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root, followlinks=False, onerror=lambda e: problems.append(
            Problem(path_label(e.filename), f"unreadable folder: {e.strerror}", skipped=True))):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in dirs:
            if os.path.islink(os.path.join(folder, d)):
                problems.append(Problem(path_label(os.path.join(folder, d)), "a link to a folder: not followed", skipped=True))
        for name in sorted(names):
            if name.startswith("."):
                continue
            f = Path(folder) / name
            if f.is_symlink() and not f.exists():
                problems.append(Problem(path_label(f), _link_problem(f), skipped=True))
            elif not f.is_file():
                problems.append(Problem(path_label(f), f"not a regular file ({_kind(f)})", skipped=True))
            elif f.suffix.lower() not in TEXT_SUFFIXES:
                problems.append(Problem(path_label(f), _unsupported(f), skipped=True))
            else:
                yield f


def _unsupported(p: Path) -> str:
    return f"unsupported file type '{p.suffix or '(none)'}' (expected one of {', '.join(sorted(TEXT_SUFFIXES))})"


def _link_problem(p: Path) -> str:
    try:
        p.resolve(strict=True)
    except RuntimeError:
        return "a symbolic link loop"
    except OSError as e:
        return "a symbolic link loop" if e.errno == errno.ELOOP else "a broken symbolic link"
    return "a symbolic link that cannot be followed"


def _kind(p: Path) -> str:
    mode = p.lstat().st_mode
    return "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else \
        "a device" if stat.S_ISBLK(mode) or stat.S_ISCHR(mode) else "not a file"


def read_path(path: Path) -> Iterator[Item]:
    """The documents of one file (a JSONL bundle gives one per line), or the problems that stop them."""
    fmt = TEXT_SUFFIXES.get(path.suffix.lower(), "txt")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield Problem(path_label(path), f"too large: {size / 1e6:.1f} MB (limit {MAX_BYTES // (1024 * 1024)} MB)")
            return
        raw = path.read_bytes()
    except OSError as e:
        yield Problem(path_label(path), f"unreadable: {e.strerror or e}")
        return
    if fmt == "pdf":
        yield pdf_document(raw, path_label(path))
        return
    text = decode(raw)
    if isinstance(text, Problem):
        text.path = path_label(path)
        yield text
        return
    if fmt == "jsonl":
        yield from _read_jsonl(text, path_label(path))
        return
    item = make_document(text, fmt, path_label(path))
    yield item


def pdf_document(raw: bytes, source_path: str) -> Item:
    """A PDF's text layer, page after page (a blank line between pages; where each page starts is kept, so that
    evidence says its page), with the metadata of its info dictionary and first page. A PDF without text (a scan)
    or one that cannot be read is a problem, never an empty article."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            return Problem(source_path, "an encrypted PDF: no text can be read without its password")
        pages = [clean_text(page.extract_text() or "").strip() for page in reader.pages]
        info: dict = dict(reader.metadata or {})
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError) as e:
        return Problem(source_path, f"not a readable PDF: {type(e).__name__}: {e}")
    if not any(pages):
        return Problem(source_path, f"no text layer in this PDF ({len(pages)} page(s); a scan?): nothing to read")
    text, starts = "", []
    for page in pages:
        starts.append(len(text))
        text += page + "\n\n"
    meta = {"title": _string(info.get("/Title")), "author": _string(info.get("/Author"))}
    created = _string(info.get("/CreationDate"))
    if created and re.match(r"D:\d{8}", created):
        meta["published"] = f"{created[2:6]}-{created[6:8]}-{created[8:10]}"
    doc = make_document(text, "pdf", source_path, {k: v for k, v in meta.items() if v})
    if isinstance(doc, Document):
        doc.pages = starts
    return doc


def decode(raw: bytes) -> Union[str, Problem]:
    """Bytes → text: UTF-8 (with or without BOM; a few invalid bytes are replaced where they are, the rest kept),
    UTF-16 by BOM or by its pattern of zero bytes, else the detected charset (a file in another encoding)."""
    if not raw.strip():
        return Problem("", "empty file")
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            return Problem("", f"binary file ({what}), not a text article")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return clean_text(raw.decode("utf-16", errors="replace"))
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return clean_text(raw.decode(utf16, errors="replace"))
    if b"\x00" in raw[:8192]:
        return Problem("", "binary file (contains NUL bytes), not a text article")
    try:
        return clean_text(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8-sig", errors="replace")
    if re.search("[^\x00-\x7f\ufffd]", text):
        # valid UTF-8 beyond ASCII as well as bad bytes: a UTF-8 file damaged in places, repaired in those places
        # (a file in a single-byte encoding has no valid multi-byte sequences and goes to charset detection)
        return clean_text(text)
    if sum(b > 0x7f for b in raw) <= len(raw) // 10:
        # mostly ASCII with a few single bytes beyond it: a Western single-byte encoding ('é', '’' in Windows-1252)
        # (charset detection guesses wildly on so little evidence)
        return clean_text(raw.decode("cp1252", errors="replace"))
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        return Problem("", "binary or undecodable file: no text encoding fits")
    return clean_text(str(best))


def _utf16_without_bom(raw: bytes) -> Optional[str]:
    """'utf-16-le' or 'utf-16-be' when zero bytes fill one byte of each pair, as in English text in UTF-16."""
    sample = raw[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


# control characters other than tab and newline, zero-width characters and soft hyphens (they split words
# invisibly: 'Iska\u200bnder' would not match), and lone surrogates (not text at all)
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\u2060\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text as armstrace stores it: newlines normalised, invisible and control characters removed, lone
    surrogates replaced (done before a document's id is computed, so every offset is into the stored text)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    return _SURROGATE.sub("\ufffd", text)


def path_label(path: Union[str, Path]) -> str:
    """A file's name as text, whatever bytes the file system holds (undecodable bytes shown as U+FFFD)."""
    return os.fsencode(str(path)).decode("utf-8", errors="replace")


def make_document(text: str, fmt: str, source_path: str, meta: Optional[dict] = None) -> Item:
    """One article's text (raw markdown/plain text, or HTML) → Document with its recovered metadata."""
    text = clean_text(text)
    html_meta = {k: clean_text(v) if isinstance(v, str) else v for k, v in (meta or {}).items()}
    if fmt == "html" or (fmt == "txt" and re.match(r"\s*(?:<!doctype html|<html)", text[:200], re.I)):
        text, found = html_to_text(text)
        html_meta = {**found, **{k: v for k, v in html_meta.items() if v}}
        fmt = "html"
    if not text.strip():
        return Problem(source_path, "no article text (empty after removing markup)")
    md = recover_metadata(text, html_meta)
    stated = str((meta or {}).get("published") or "")
    given = valid_date(stated) or parse_date(stated)   # '2021', '2021-03-15', 'March 15, 2021'

    if given:  # a date given with the article (a JSONL field, an upload's) is its publication date
        md.published, md.published_how = given, "metadata"
    return Document(id=content_id(text), text=text, format=fmt, source_path=source_path,
                    title=md.title, title_how=md.title_how, outlet=md.outlet, author=md.author,
                    published=md.published, published_how=md.published_how, published_note=md.published_note,
                    url=md.url)


_JSONL_KEYS = {"title": ("title", "headline"), "outlet": ("outlet", "publication", "source", "site_name", "publisher"),
               "author": ("author", "authors", "byline"), "published": ("published", "date", "published_at",
                                                                         "pub_date", "datePublished"),
               "url": ("url", "link", "original_url")}


def _read_jsonl(text: str, path: str) -> Iterator[Item]:
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}#L{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            yield Problem(where, f"invalid JSON: {e.msg} at column {e.colno}")
            continue
        except RecursionError:
            yield Problem(where, "invalid JSON: nested too deeply")
            continue
        if not isinstance(row, dict):
            yield Problem(where, "a JSONL line must be an object with a 'text' field")
            continue
        body = row.get("text") or row.get("body") or row.get("content")
        if not isinstance(body, str) or not body.strip():
            yield Problem(where, "no 'text' field (or it is empty)")
            continue
        meta = {}
        for field, keys in _JSONL_KEYS.items():
            v = next((row[k] for k in keys if row.get(k)), None)
            if isinstance(v, list) and field == "author":  # several authors; of anything else, the first
                v = ", ".join(x for x in map(_string, v) if x)
            meta[field] = _string(v)  # a field of the wrong shape is dropped, never the line
        fmt = "html" if row.get("format") == "html" else "txt"
        yield make_document(body, fmt, where, meta)


def _string(v) -> Optional[str]:
    """A metadata value as one string: a string, a number, or the first string of a list; else None."""
    if isinstance(v, list):
        v = next((x for x in v if isinstance(x, (str, int, float)) and not isinstance(x, bool)), None)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = str(v)
    return v.strip() or None if isinstance(v, str) else None


# ---- HTML ---------------------------------------------------------------------------------------
_DROP = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, button, template, select, " \
        "[role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true]"
_BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, figcaption, td, dd, dt"


def html_to_text(html: str) -> tuple[str, dict]:
    """Main text of an HTML page (paragraphs separated by blank lines) and its metadata: the text as trafilatura
    reads it (comments, navigation and related stories left out), else armstrace's own reader; the metadata from
    the page's meta tags and JSON-LD where they say it, else from trafilatura."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    meta = _html_meta(tree)
    text, found = _trafilatura(html)
    if text:
        return text, {**found, **meta}
    return _own_reading(tree), {**found, **meta}


def _trafilatura(html: str) -> tuple[str, dict]:
    try:
        import trafilatura
    except ImportError:  # an install without it reads pages with armstrace's own reader
        return "", {}
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True)
    except Exception:  # a page it cannot read is read by the fallback, never lost
        return "", {}
    d = doc if isinstance(doc, dict) else doc.as_dict() if doc is not None else {}
    text = d.get("text") or ""
    if not text.strip():
        return "", {}
    paras = [re.sub(r"[ \t]+", " ", p).strip() for p in text.split("\n")]
    found = {"title": d.get("title"), "author": d.get("author"),
             "published": parse_date(d["date"]) if d.get("date") else None, "outlet": d.get("sitename"),
             "url": d.get("url")}
    return "\n\n".join(p for p in paras if p) + "\n", {k: v for k, v in found.items() if isinstance(v, str) and v}


def _own_reading(tree) -> str:
    """armstrace's own reading of a page's main text (the fallback)."""
    for node in tree.css(_DROP):
        node.decompose()
    candidates = tree.css("article") or tree.css("main") or tree.css("[role=main]")
    root = max(candidates, key=lambda n: len(n.text() or "")) if candidates else (tree.body or tree.root)
    if root is None:
        return ""
    blocks = root.css(_BLOCKS)
    chosen = {b.mem_id for b in blocks}
    paras = []
    for b in blocks:
        parent, nested = b.parent, False
        while parent is not None and parent.mem_id != root.mem_id:
            if parent.mem_id in chosen:  # text already taken with the enclosing block
                nested = True
                break
            parent = parent.parent
        if nested:
            continue
        t = re.sub(r"\s+", " ", b.text(deep=True, separator="") or "").strip()
        if t:
            paras.append(t)
    if not paras:
        paras = [re.sub(r"[ \t]+", " ", ln).strip() for ln in (root.text(separator="\n") or "").split("\n")]
        paras = [p for p in paras if p]
    return "\n\n".join(paras) + "\n" if paras else ""


def _html_meta(tree) -> dict:
    def attr(selector: str, name: str = "content") -> Optional[str]:
        node = tree.css_first(selector)
        v = node.attributes.get(name) if node is not None else None
        return v.strip() if v and v.strip() else None

    def person(v: Optional[str]) -> Optional[str]:  # 'article:author' is often a profile URL: the next source then
        return v if v and not re.match(r"https?://", v) else None

    meta = {
        "title": attr('meta[property="og:title"]') or attr('meta[name="twitter:title"]'),
        "outlet": attr('meta[property="og:site_name"]') or attr('meta[name="application-name"]'),
        "author": person(attr('meta[name="author"]')) or person(attr('meta[property="article:author"]'))
        or person(attr('meta[name="byl"]')),
        "published": attr('meta[property="article:published_time"]') or attr('meta[name="date"]')
        or attr('meta[name="pubdate"]') or attr('meta[itemprop="datePublished"]')
        or attr("time[datetime]", "datetime"),
        "url": attr('link[rel="canonical"]', "href") or attr('meta[property="og:url"]'),
    }
    if not meta["title"]:
        node = tree.css_first("title") or tree.css_first("h1")
        meta["title"] = node.text(strip=True) if node is not None and node.text(strip=True) else None
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            ld = json.loads(node.text() or "")
        except (ValueError, RecursionError):
            continue
        objs = ld if isinstance(ld, list) else [ld]
        objs += [g for o in objs if isinstance(o, dict) and isinstance(o.get("@graph"), list) for g in o["@graph"]]
        for obj in objs:
            if not isinstance(obj, dict):
                continue
            # each field read on its own: one of an unexpected shape is skipped, never the page
            meta["published"] = meta["published"] or _string(obj.get("datePublished"))
            author = obj.get("author")
            if isinstance(author, list) and author:
                author = author[0]
            if isinstance(author, dict):
                author = author.get("name")
            meta["author"] = meta["author"] or person(_string(author))
            pub = obj.get("publisher")
            if isinstance(pub, dict):
                meta["outlet"] = meta["outlet"] or _string(pub.get("name"))
            meta["title"] = meta["title"] or _string(obj.get("headline"))
    if meta["author"] and meta["author"].startswith("http"):
        meta["author"] = None
    if meta["published"]:
        meta["published"] = parse_date(meta["published"])
    return {k: v for k, v in meta.items() if v}


# ---- near duplicates --------------------------------------------------------------------------
# MinHash over word 3-shingles, banded for LSH: 16 bands of 4 rows find pairs with Jaccard >= 0.8 with
# probability > 0.999 and pairs below 0.2 rarely; candidates are then checked on the signatures themselves.
MINHASH_PERM = 64
LSH_BANDS, LSH_ROWS = 16, 4
NEAR_DUPLICATE_JACCARD = 0.8
_rng = np.random.default_rng(20161121)
_A = _rng.integers(1, 2**63, MINHASH_PERM, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**63, MINHASH_PERM, dtype=np.uint64)


def minhash(text: str) -> np.ndarray:
    """64 MinHash values (uint32) of the text's word 3-shingles."""
    words = re.findall(r"\w+", text.casefold())
    shingles = {" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))}
    x = np.frombuffer(b"".join(hashlib.blake2b(s.encode(), digest_size=8).digest() for s in shingles),
                      dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = (x[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)  # multiply-shift hashing
    return h.min(axis=0).astype(np.uint32)


def lsh_bands(sig: np.ndarray) -> list[int]:
    """One signed 63-bit key per band (fits any BIGINT column)."""
    return [int.from_bytes(hashlib.blake2b(sig[b * LSH_ROWS:(b + 1) * LSH_ROWS].tobytes(), digest_size=8)
                           .digest(), "big") >> 1 for b in range(LSH_BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two documents' shingle sets."""
    return float(np.mean(a == b))
