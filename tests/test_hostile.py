"""Hostile input, generated here: one batch with every bad shape ingests without a crash or a hang, reports each
bad entry with its reason, and stores every good article intact (on SQLite and on PostgreSQL)."""
import json
import os
import time

import pytest

from armstrace.pipeline import extract
from armstrace.workflow import ingest

GOOD = ("Tanks for the Border\n\nMay 5, 2019\n\nRussia delivered ten T-90 tanks to Armenia last month, the "
        "ministry said.\n")


@pytest.fixture
def hostile(write, tmp_path):
    """The batch: (folder, what each good file should store as its text, the reasons expected for bad ones)."""
    good = {}

    def article(name, data, stored):
        write(name, data)
        good[name] = stored

    article("plain.txt", GOOD, GOOD)
    article("odd [/] name [bold].txt", GOOD.replace("ten", "eleven"), GOOD.replace("ten", "eleven"))
    # a UTF-8 article with one bad byte: that byte replaced, the rest (é, “ ”) kept
    text = "Défense “news”\n\nMay 6, 2019\n\nIsrael sold Harop drones to Azerbaijan in 2016.\n"
    article("one-bad-byte.txt", text.encode().replace(b"2016", b"20\xff16"), text.replace("2016", "20\ufffd16"))
    cp = "Pr\u00e9sident\u2019s deal\n\nMay 7, 2019\n\nFrance sold Rafale jets to India in 2016.\n"
    article("cp1252.txt", cp.encode("cp1252"), cp)
    u16 = "UTF-16 without a BOM\n\nMay 8, 2019\n\nSouth Korea sold K9 howitzers to Poland in 2022.\n"
    article("utf16.txt", u16.encode("utf-16-le"), u16)
    zw = "Invisible\n\nMay 9, 2019\n\nRussia delivered Iska\u200bnder missiles to Armenia in 2016.\n"
    article("zero-width.txt", zw, zw.replace("\u200b", ""))
    article("no-spaces.txt", "Run\n\n" + "x" * 10_000 + "\n", "Run\n\n" + "x" * 10_000 + "\n")
    run_on = "Run-on\n\n" + "Russia delivered tanks to Armenia and " * 1200 + "\n"
    article("no-full-stops.txt", run_on, run_on)
    repeated = "Repeats\n\n" + "Russia delivered ten tanks to Armenia last month, officials said. " * 1500 + "\n"
    article("repeated.txt", repeated, repeated)
    name = os.fsdecode(b"caf\xe9-undecodable-name.txt")  # not UTF-8 on disk
    (write.root / name).write_text(GOOD.replace("ten", "twelve"))
    good["caf\ufffd-undecodable-name.txt"] = GOOD.replace("ten", "twelve")
    lines = [json.dumps({"text": "JSONL one\n\nIndia sold BrahMos missiles to the Philippines in 2022.",
                         "title": ["A headline", "given as a list"], "published": "2099-99-99",
                         "url": "javascript:alert(1)", "author": {"name": "nested"}}),
             "{not json",
             "[" * 100_000 + "]" * 100_000,
             json.dumps({"text": "JSONL two\n\nChina sold VT-4 tanks to Nigeria\u0000 in 2020 \ud800.",
                         "title": "T" * 1_000_000}),
             json.dumps(["not", "an", "object"])]
    write("bundle.jsonl", "\n".join(lines) + "\n")
    good["bundle.jsonl#L1"] = "JSONL one\n\nIndia sold BrahMos missiles to the Philippines in 2022."
    good["bundle.jsonl#L4"] = "JSONL two\n\nChina sold VT-4 tanks to Nigeria in 2020 \ufffd."
    page = ("<html><head><script type='application/ld+json'>{\"headline\": [\"From JSON-LD\"], \"datePublished\": "
            "{\"odd\": 1}, \"author\": [[]]}</script></head><body><article><p>Germany delivered IRIS-T systems to "
            "Ukraine in 2022.</p></article></body></html>")
    article("page.html", page, "Germany delivered IRIS-T systems to Ukraine in 2022.\n")
    bad = {"report.pdf": "not a readable PDF", "empty.txt": "empty file",
           "binary.txt": "binary file (a PNG image)", "bundle.jsonl#L2": "invalid JSON",
           "bundle.jsonl#L3": "invalid JSON: nested too deeply", "bundle.jsonl#L5": "must be an object"}
    write("report.pdf", b"%PDF-1.4 ...")
    write("empty.txt", "  \n")
    write("binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    os.mkfifo(write.root / "pipe.txt")
    os.symlink(write.root / "loop.txt", write.root / "loop.txt")
    bad["pipe.txt"] = "not a regular file (a FIFO)"
    bad["loop.txt"] = "a symbolic link loop"
    return write.root, good, bad


def test_a_hostile_batch_stores_every_good_article_intact_and_names_every_bad_entry(store, hostile):
    root, good, bad = hostile
    t = time.monotonic()
    report = ingest(store, [root], extractor=extract)
    assert time.monotonic() - t < 240  # no hang (the whole batch, with extraction)
    reported = {p.path.replace(str(root) + "/", ""): p.reason for p in report.problems + report.skipped}
    for name, reason in bad.items():
        assert reason in reported.get(name, ""), (name, reported.get(name))
    assert set(reported) == set(bad)
    stored = {r["source_path"].replace(str(root) + "/", ""): r for r in store.documents(limit=100)}
    assert set(stored) == set(good)
    for name, text in good.items():
        doc = store.document(stored[name]["id"])
        assert doc.text == text, name
        assert "\x00" not in doc.text and "\u200b" not in doc.text
    one = store.document(stored["bundle.jsonl#L1"]["id"])
    assert (one.title, one.published, one.url, one.author) == ("A headline", None, None, None)
    assert len(store.document(stored["bundle.jsonl#L4"]["id"]).title) == 500
    assert store.document(stored["page.html"]["id"]).title == "From JSON-LD"
    transfers = {(r["supplier"], r["recipient"]) for r in store_transfers(store)}
    assert {("Russia", "Armenia"), ("India", "Philippines"), ("China", "Nigeria"), ("Germany", "Ukraine")} <= transfers
    # and again: nothing new, nothing lost
    again = ingest(store, [root], extractor=extract)
    assert again.added == [] and len(again.unchanged) == len(good)


def store_transfers(store):
    from armstrace import analytics

    rows, _ = analytics.facts(store, "transfers", {}, limit=500)
    return rows
