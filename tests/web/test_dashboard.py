"""The dashboard, driven in headless Chromium as an analyst would use it."""
import csv
import io
import os
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    """Where the screenshots go: the README's docs/ when ARMSTRACE_SCREENSHOTS is set (`make screenshots`),
    else a temporary folder, so that a test run leaves the checkout as it was."""
    return DOCS if os.environ.get("ARMSTRACE_SCREENSHOTS") else tmp_path_factory.mktemp("screenshots")


def _rows(page):
    return page.eval_on_selector_all("#table-transfers tbody tr",
                                     "rows => rows.map(r => [...r.cells].map(c => c.textContent))")


def _columns(page, table="#table-transfers"):
    return page.eval_on_selector_all(f"{table} thead th", "ths => ths.map(t => t.dataset.col)")


def test_network_renders_the_countries_of_the_corpus(page, shots):
    nodes = set(page.evaluate("window.cy.nodes().map(n => n.id())"))
    assert {"Russia", "Armenia", "Azerbaijan", "Israel", "Turkey", "India", "Belarus", "Pakistan"} <= nodes
    page.wait_for_timeout(300)
    page.screenshot(path=str(shots / "dashboard.png"))
    assert (shots / "dashboard.png").stat().st_size > 10_000
    assert page.errors == []


def test_clicking_a_node_filters_the_table(page):
    before = len(_rows(page))
    page.evaluate("window.cy.getElementById('India').emit('tap')")
    page.wait_for_selector("#country-filter")
    page.wait_for_function(f"document.querySelectorAll('#table-transfers tbody tr').length < {before}")
    rows = _rows(page)
    assert rows and all("India" in (r[0], r[1]) for r in rows)


def test_clicking_a_transfer_shows_its_highlighted_evidence(page):
    row = page.locator("#table-transfers tbody tr", has_text="Bayraktar TB2").first
    evidence = row.get_attribute("title")
    row.click()
    page.wait_for_selector("mark.active")
    highlighted = " ".join(page.locator("mark.active").all_inner_texts())
    assert evidence and evidence in highlighted
    assert page.locator(".fact.active").count() >= 1
    # and clicking highlighted text selects its fact
    page.locator("mark").first.click()
    assert page.locator(".fact.active").count() >= 1


def test_filters_change_the_table(page):
    all_rows = _rows(page)
    page.fill("input[name=supplier]", "Israel")
    page.click("#apply")
    page.wait_for_function(f"document.querySelectorAll('#table-transfers tbody tr').length < {len(all_rows)}")
    rows = _rows(page)
    assert rows and {r[0] for r in rows} == {"Israel"}
    page.select_option("select[name=status]", "ordered")
    page.click("#apply")
    status = _columns(page).index("status")
    page.wait_for_function(f"[...document.querySelectorAll('#table-transfers tbody tr')]"
                           f".every(r => r.cells[{status}].textContent === 'ordered')")


def _cell(value: str) -> str:
    """A table cell and a CSV cell compared: thousands separators and a float's '.0' aside, badges as values."""
    value = value.replace(",", "").removesuffix(".0")
    return {"SIPRI register": "SIPRI"}.get(value, value)


def test_csv_export_of_the_filtered_rows_matches_the_table_with_units_and_sources(page):
    page.fill("input[name=supplier]", "Russia")
    page.fill("input[name=recipient]", "Armenia")
    page.click("#apply")
    page.wait_for_function("[...document.querySelectorAll('#table-transfers tbody tr')]"
                           ".every(r => r.cells[0].textContent === 'Russia' && r.cells[1].textContent === 'Armenia')")
    assert "supplier=Russia" in page.url and "recipient=Armenia" in page.url   # the view has a link
    shown, columns = _rows(page), _columns(page)
    with page.expect_download() as dl:
        page.click("#csv")
    data = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text())))
    assert {"value_currency", "source", "document_id", "url", "evidence"} <= set(data[0])   # units, provenance
    assert {r["source"] for r in data} == {"news", "SIPRI"}    # the news and the register, told apart
    assert [[_cell(r[c] or "") for c in columns] for r in data] == [[_cell(c) for c in row] for row in shown]
    assert all(r["evidence"] for r in data)


def test_an_article_with_a_script_tag_shows_it_as_text(page, server):
    [doc] = [d for d in server["store"].documents() if d["title"] == "A Hostile Page"]
    page.goto(server["url"] + f"/#/doc/{doc['id']}")
    page.wait_for_selector("#article-text")
    text = page.inner_text("#article-text")
    assert "<script>window.__pwned = true; alert('owned')</script>" in text
    assert '<img src=x onerror="window.__pwned=1">' in text
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#article-text script, #article-text img").count() == 0
    assert page.errors == []


def test_timeline_of_a_dyad(page):
    page.goto(page.url.split("#")[0] + "#/timeline/Armenia/Azerbaijan")
    page.wait_for_selector("#timeline li")
    dates = page.eval_on_selector_all("#timeline li .when", "els => els.map(e => e.textContent.slice(0, 10))")
    assert dates == sorted(dates) and len(dates) >= 2


def test_entity_pages_are_one_click_from_an_article(page):
    page.locator("#table-transfers tbody tr", has_text="Bayraktar TB2").first.click()
    page.wait_for_selector("#entities a")
    page.locator("#entities a", has_text="Turkey").first.click()
    page.wait_for_selector("#entity-name")
    assert page.inner_text("#entity-name") == "Turkey (country)"
    assert "Ankara" in page.inner_text("main") or "Turkish" in page.inner_text("main")


def test_a_malformed_hash_neither_throws_nor_breaks_the_page(page):
    page.goto(page.url.split("#")[0] + "#/doc/%")
    page.wait_for_function("document.body.dataset.ready === '#/doc/%'")
    assert page.errors == []
    page.goto(page.url.split("#")[0] + "#/")
    page.wait_for_selector("#table-transfers tbody tr")


def test_the_api_docs_render_from_the_package(page, server):
    page.goto(server["url"] + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".opblock-summary-path", has_text="/api/documents").count() >= 1
    assert page.errors == []


def test_tables_page_and_sort_through_the_url(page, server):
    page.goto(server["url"] + "/#/?kind=transfers&sort=period_start&order=desc")
    page.wait_for_function("[...document.querySelectorAll('#table-transfers th')].some(t => t.textContent.endsWith('▼'))")
    total = int(page.inner_text("#row-count").split(" of ")[1].replace(",", ""))
    assert total == server["store"].counts()["transfers"]
    starts = page.eval_on_selector_all("#table-transfers tbody tr td:nth-child(9)", "tds => tds.map(t => t.textContent)")
    assert _columns(page)[8] == "period_start"
    dated = [s for s in starts if s]
    assert dated == sorted(dated, reverse=True)
    if total > 50:
        page.click("#next")
        page.wait_for_function("document.querySelector('#row-count').textContent.startsWith('51')")
        assert "offset=50" in page.url


def test_a_filter_takes_a_name_s_start_in_any_case(page):
    page.fill("input[name=supplier]", "isr")
    page.click("#apply")
    page.wait_for_function("document.querySelectorAll('#table-transfers tbody tr').length > 0 && "
                           "[...document.querySelectorAll('#table-transfers tbody tr')].every(r => r.cells[0].textContent === 'Israel')")


def test_a_sipri_deal_opens_its_register_entry_not_the_register(page, server):
    page.goto(server["url"] + "/#/?kind=transfers&source=SIPRI&supplier=Russia&recipient=Armenia")
    source = _columns(page).index("source")
    page.wait_for_function(f"(rows => rows.length > 0 && rows.every(r => r.cells[{source}].textContent === 'SIPRI register'))"
                           "([...document.querySelectorAll('#table-transfers tbody tr')])")   # the filtered table
    page.locator("#table-transfers tbody tr").first.click()
    page.wait_for_selector("#fact-fields")
    assert page.inner_text("#fact-title").startswith("SIPRI deal: Russia → Armenia")
    assert "Armenia,Russia," in page.inner_text("pre.evidence")      # its line of the register
    assert page.locator("#article-text").count() == 0
    page.goto(server["url"] + "/#/articles")
    page.wait_for_selector("#articles tbody tr")
    assert "SIPRI trade register" not in page.inner_text("#articles")


def test_the_network_shows_news_sipri_or_both(page):
    news = set(page.evaluate("window.cy.edges().map(e => e.data('source') + '>' + e.data('target'))"))
    page.select_option("#network-source", "SIPRI")
    page.wait_for_function("location.hash.includes('network=SIPRI')")
    page.wait_for_function("window.cy && window.cy.edges().length > 0 && document.querySelector('#network-legend')"
                           ".textContent.startsWith('SIPRI')")
    sipri = set(page.evaluate("window.cy.edges().map(e => e.data('source') + '>' + e.data('target'))"))
    assert "Russia>Armenia" in sipri and sipri != news
    page.wait_for_selector("#row-count")
    before = page.inner_text("#row-count")
    page.evaluate("window.cy.edges().filter(e => e.data('source') === 'Russia' && e.data('target') === 'Armenia')"
                  ".emit('tap')")
    page.wait_for_function("location.hash.includes('source=SIPRI')")
    page.wait_for_function("t => document.querySelector('#row-count').textContent !== t", arg=before)  # reloaded
    source = _columns(page).index("source")
    cells = page.eval_on_selector_all(f"#table-transfers tbody tr td:nth-child({source + 1})",
                                      "tds => tds.map(t => t.textContent)")
    assert cells and set(cells) == {"SIPRI register"}    # the table shows what the network showed


def test_who_arms_both_sides_with_evidence_per_side(page, server, shots):
    page.goto(server["url"] + "/#/both-sides")
    page.fill("input[name=a]", "Armenia")
    page.fill("input[name=b]", "Azerbaijan")
    page.click("#both-sides-go")
    page.wait_for_selector(".side-by-side")
    russia = page.locator(".side-by-side[data-supplier=Russia]")
    assert russia.count() == 1
    for side in ("Armenia", "Azerbaijan"):
        links = russia.locator(f".side[data-side={side}] li a")
        assert links.count() >= 1   # each side with its own evidence, linked to the article
    page.screenshot(path=str(shots / "dashboard-both-sides.png"), full_page=False)
    assert page.errors == []


def test_shares_put_the_news_and_sipri_side_by_side(page, server, shots):
    page.goto(server["url"] + "/#/share?recipient=Azerbaijan&period=2015-2017")
    page.wait_for_selector("#share-table tbody tr")
    text = page.inner_text("#share-table")
    assert "SIPRI TIV" in text      # SIPRI's TIV share, from its tables
    assert "news" in text           # and what the news says, each with its basis
    page.screenshot(path=str(shots / "dashboard-share.png"), full_page=False)


def test_the_crosscheck_of_armenia(page, server, shots):
    page.goto(server["url"] + "/#/crosscheck?recipient=Armenia")
    page.wait_for_selector("#crosscheck-table tbody tr")
    matches = set(page.eval_on_selector_all("#crosscheck-table tbody tr td:first-child", "tds => tds.map(t => t.textContent)"))
    assert "in both" in matches
    page.locator("#crosscheck-table a.deal").first.click()
    page.wait_for_selector("#fact-fields")
    assert page.inner_text("#fact-title").startswith("SIPRI deal:")
    page.goto(server["url"] + "/#/crosscheck?recipient=Armenia")
    page.wait_for_selector("#crosscheck-table tbody tr")
    page.screenshot(path=str(shots / "dashboard-crosscheck.png"), full_page=False)


def test_the_network_keeps_the_heaviest_dyads_above_a_minimum(page, server):
    page.goto(server["url"] + "/#/?network=both&top=3")
    page.wait_for_function("window.cy && document.querySelector('#network-legend').textContent.includes('3 of')")
    assert page.evaluate("window.cy.edges().length") == 3
    page.goto(server["url"] + "/#/?network=both&min=1000")
    page.wait_for_function("document.querySelector('#network-legend').textContent.includes(' 0 of')")
    assert page.evaluate("window.cy.edges().length") == 0


def test_an_entity_page_from_the_search_box(page):
    page.fill("#search-name", "Turk")
    page.wait_for_function("document.querySelectorAll('#search-names option').length > 0")
    page.fill("#search-name", "Turkey")
    page.press("#search-name", "Enter")
    page.wait_for_selector("#entity-name")
    assert page.inner_text("#entity-name") == "Turkey (country)"


def test_facets_narrow_the_table(page):
    page.wait_for_selector("#facets .facet[data-col=supplier] .chip")
    chip = page.locator("#facets .facet[data-col=supplier] .chip").first
    supplier = chip.get_attribute("data-value")
    expected = int(chip.locator(".count").inner_text().replace(",", ""))
    chip.click()
    page.wait_for_function(f"location.hash.includes('supplier={supplier}')")
    page.wait_for_function(f"document.querySelector('#row-count').textContent.endsWith(' of {expected}')")


def test_a_fused_transfer_shows_every_report_with_its_values(page, server):
    page.goto(server["url"] + "/#/crosscheck?recipient=Armenia")
    page.wait_for_selector("#crosscheck-table a.reports")
    page.locator("#crosscheck-table tr", has_text="Iskander").locator("a.reports").click()
    page.wait_for_selector("#reports-table tbody tr")
    assert page.inner_text("#reports-title") == "Russia → Armenia: Iskander"
    sources = set(page.eval_on_selector_all("#reports-table tbody td:first-child", "tds => tds.map(t => t.textContent)"))
    assert sources == {"news", "SIPRI register"}          # every report: the articles and the register's deals
    assert page.locator("#reports-table tbody q").count() == page.locator("#reports-table tbody tr").count()
