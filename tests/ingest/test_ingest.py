"""Reading files: formats, HTML main text, JSONL bundles, encodings and per-file problems."""
import json

from armstrace import ingest
from armstrace.ingest import Problem, decode, discover, html_to_text, lsh_bands, minhash, read_path, similarity
from armstrace.model import Document

HTML = """<!DOCTYPE html><html><head>
<title>Fallback title | Site</title>
<meta property="og:title" content="Drones for the South">
<meta property="og:site_name" content="Example Defence News">
<meta property="article:published_time" content="2020-10-05T08:00:00+03:00">
<link rel="canonical" href="https://news.example.com/drones">
<script type="application/ld+json">{"@type": "NewsArticle", "author": {"name": "Ana Lopez"}}</script>
<script>var tracking = "do not keep me";</script><style>p {color: red}</style>
</head><body>
<nav><a href="/">Home</a> Menu items</nav>
<article><h1>Drones for the South</h1>
<p>First paragraph about <b>drones</b>.</p>
<ul><li><p>Nested item paragraph.</p></li></ul>
<p>An article may quote markup: &lt;script&gt;alert(1)&lt;/script&gt; stays text.</p>
</article>
<footer>Copyright footer text</footer>
</body></html>"""


def test_html_main_text_and_meta():
    text, meta = html_to_text(HTML)
    assert text.split("\n\n")[:3] == ["Drones for the South", "First paragraph about drones.",
                                      "- Nested item paragraph."]   # a list item, marked as one
    assert "<script>alert(1)</script> stays text" in text
    for junk in ("tracking", "Menu items", "Copyright footer", "color: red"):
        assert junk not in text
    assert meta == {"title": "Drones for the South", "outlet": "Example Defence News", "author": "Ana Lopez",
                    "published": "2020-10-05", "url": "https://news.example.com/drones"}


def test_html_file_becomes_document_with_meta(write):
    [doc] = read_path(write("a.html", HTML))
    assert isinstance(doc, Document)
    assert (doc.title, doc.outlet, doc.author, doc.published, doc.published_how, doc.format) == (
        "Drones for the South", "Example Defence News", "Ana Lopez", "2020-10-05", "metadata", "html")


def test_windows_1252_is_detected_not_rejected():
    raw = ("\u201cWe will not,\u201d said the minister of D\u00fcsseldorf\u2019s partner city on Sunday. " * 3)\
        .encode("cp1252")
    text = decode(raw)
    assert "\u201cWe will not,\u201d" in text and "D\u00fcsseldorf\u2019s" in text


def test_utf16_with_bom():
    assert decode("Hello Baku".encode("utf-16")) == "Hello Baku"


def test_crlf_is_normalised():
    assert decode(b"Title\r\n\r\nBody\r\n") == "Title\n\nBody\n"


def test_binary_and_empty_files_are_problems(write):
    pdf = write("report.txt", b"%PDF-1.7 binary stuff")
    nul = write("blob.md", b"abc\x00\x01\x02def")
    empty = write("empty.txt", "   \n\n")
    for path, reason in ((pdf, "binary file (a PDF)"), (nul, "NUL"), (empty, "empty file")):
        [problem] = read_path(path)
        assert isinstance(problem, Problem)
        assert problem.path == str(path) and reason in problem.reason


def test_too_large_is_a_problem(write, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_BYTES", 100)
    [problem] = read_path(write("big.txt", "word " * 100))
    assert isinstance(problem, Problem) and "too large" in problem.reason


def test_discover_expands_folders_and_reports_bad_paths(write, tmp_path):
    a = write("a.txt", "A")
    b = write("sub/b.md", "B")
    write(".hidden/c.txt", "C")
    write("notes.docx", "D")
    files, problems = discover([write.root, tmp_path / "missing.txt", a.with_suffix(".pdf")])
    assert files == [a, b]
    assert [(p.path, p.reason.split(" (")[0], p.skipped) for p in problems] == [
        (str(write.root / "notes.docx"), "unsupported file type '.docx'", True),  # inside a folder: skipped
        (str(tmp_path / "missing.txt"), "no such file or folder", False),
        (str(a.with_suffix(".pdf")), "no such file or folder", False)]


def test_discover_names_unsupported_file_given_explicitly(write):
    f = write("slides.pptx", "x")
    files, problems = discover([f])
    assert files == [] and "unsupported file type '.pptx'" in problems[0].reason


def test_jsonl_lines_become_documents_and_bad_lines_problems(write):
    lines = [json.dumps({"text": "Armenia buys radars from India.", "title": "Radars", "date": "2020-03-02",
                         "outlet": "Example Wire", "author": ["Ann One", "Bob Two"]}),
             "{not json",
             json.dumps({"title": "no text"}),
             json.dumps({"body": "Second article body.", "url": "https://x.example/2019/05/06/y"})]
    items = list(read_path(write("bundle.jsonl", "\n".join(lines) + "\n")))
    docs = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [d.source_path.split("#")[1] for d in docs] == ["L1", "L4"]
    assert (docs[0].title, docs[0].outlet, docs[0].author, docs[0].published, docs[0].published_how) == (
        "Radars", "Example Wire", "Ann One, Bob Two", "2020-03-02", "metadata")
    assert docs[1].url == "https://x.example/2019/05/06/y" and docs[1].published == "2019-05-06"
    assert [p.path.split("#")[1] for p in problems] == ["L2", "L3"]
    assert "invalid JSON" in problems[0].reason and "no 'text' field" in problems[1].reason


def test_minhash_separates_near_duplicates_from_other_texts():
    base = ("Russia delivered a batch of air defence systems to Armenia in the spring, officials said, "
            "and more deliveries are expected before the end of the year according to the ministry. "
            "The first shipment arrived by air through a third country. ")
    edited = base.replace("officials said", "officials confirmed on Monday", 1)
    other = ("Turkey and Azerbaijan held joint exercises near Baku with drones and artillery units, "
             "the ministry of defence announced on its website on Tuesday evening. ")
    a, b, c = minhash(base), minhash(edited), minhash(other)
    assert similarity(a, b) >= 0.75 and similarity(a, c) < 0.2
    assert set(lsh_bands(a)) & set(lsh_bands(b)) and not set(lsh_bands(a)) & set(lsh_bands(c))


def test_html_metadata_sources_each_skipped_when_they_say_nothing_usable():
    page = """<html><head><title>T</title>
    <meta property="article:author" content="https://example.com/people/jo">
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "x"},
        {"@type": "NewsArticle", "headline": "Graph Headline", "datePublished": "2021-03-04",
         "author": [{"@type": "Person", "name": "Jo Reporter"}]}]}</script></head>
    <body><article><p>Kenya bought six helicopters from Italy, the ministry said on Tuesday in Nairobi.</p>
    <p>The aircraft will be delivered next year, officials added in a statement.</p></article></body></html>"""
    text, meta = html_to_text(page)
    assert meta["author"] == "Jo Reporter"            # the profile URL skipped, the JSON-LD @graph read
    assert meta["published"] == "2021-03-04"
    assert "Kenya bought six helicopters" in text


def test_a_page_trafilatura_cannot_read_is_read_by_the_fallback(monkeypatch):
    monkeypatch.setattr(ingest, "_trafilatura", lambda html: ("", {}))
    text, meta = html_to_text(HTML)
    assert text.split("\n\n")[:3] == ["Drones for the South", "First paragraph about drones.", "Nested item paragraph."]
    assert meta["author"] == "Ana Lopez"
