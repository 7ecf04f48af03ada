"""PDF reports: a PDF printed by headless Chromium ingests with its text, facts and page numbers; a PDF without a
text layer is a clear problem; the dashboard shows the page of each fact."""

from pypdf import PdfWriter

from armstrace.ingest import read_path
from armstrace.model import Document
from armstrace.pipeline import extract
from armstrace.store import Store
from armstrace.workflow import ingest
from tests.serve import live_server

REPORT = """<html><body style="font: 14px serif">
<h1>Arms Flows to the South Caucasus</h1><p>A research note, March 2021.</p>
<p>This note reviews public reporting on the region's arms imports over the last decade.</p>
<div style="page-break-after: always"></div>
<h2>Deliveries</h2>
<p>Belarus delivered Polonez rocket launchers to Azerbaijan in 2018, officials in Baku said.</p>
<p>Pakistan agreed to sell JF-17 fighters to Azerbaijan in 2024.</p>
</body></html>"""


def test_a_printed_pdf_ingests_with_text_facts_and_pages(browser, tmp_path):
    page = browser.new_page()
    page.set_content(REPORT)
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "note.pdf").write_bytes(page.pdf(format="A4"))
    page.close()
    blank = PdfWriter()
    blank.add_blank_page(width=595, height=842)
    with open(folder / "scan.pdf", "wb") as f:
        blank.write(f)

    [doc] = read_path(folder / "note.pdf")
    assert isinstance(doc, Document) and doc.format == "pdf" and len(doc.pages) == 2
    assert "Belarus delivered Polonez rocket launchers" in doc.text
    assert doc.page_of(doc.text.index("Belarus delivered")) == 2 and doc.page_of(0) == 1

    store = Store(str(tmp_path / "p.db"))
    report = ingest(store, [folder], extractor=extract)
    assert [p.reason for p in report.problems] == [
        "no text layer in this PDF (1 page(s); a scan?): nothing to read"]
    assert len(report.added) == 1                      # the folder's readable PDF, the scan reported
    [polonez] = [r for r in store.fact_rows("transfers") if r["weapon"] == "Polonez"]
    assert (polonez["supplier"], polonez["recipient"], polonez["page"]) == ("Belarus", "Azerbaijan", 2)
    assert ingest(store, [folder], extractor=extract).unchanged == [str(folder / "note.pdf")]   # idempotent


def test_the_article_view_shows_a_fact_s_page(browser, tmp_path):
    from armstrace.api import create_app

    page = browser.new_page()
    page.set_content(REPORT)
    (tmp_path / "note.pdf").write_bytes(page.pdf(format="A4"))
    store = Store(str(tmp_path / "v.db"))
    ingest(store, [tmp_path / "note.pdf"], extractor=extract)
    with live_server(create_app(store=store, token="")) as (url, _):
        [doc] = store.documents()
        page.goto(f"{url}/#/doc/{doc['id']}")
        page.wait_for_selector(".fact")
        polonez = page.locator(".fact[data-kind=transfers]", has_text="Polonez")
        assert "p. 2" in polonez.inner_text()
    page.close()
