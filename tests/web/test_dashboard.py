"""The dashboard, driven in headless Chromium as an analyst would use it."""
import csv
import io
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _rows(page):
    return page.eval_on_selector_all("#table-transfers tbody tr",
                                     "rows => rows.map(r => [...r.cells].map(c => c.textContent))")


def test_network_renders_the_countries_of_the_corpus(page):
    nodes = set(page.evaluate("window.cy.nodes().map(n => n.id())"))
    assert {"Russia", "Armenia", "Azerbaijan", "Israel", "Turkey", "India", "Belarus", "Pakistan"} <= nodes
    DOCS.mkdir(exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=str(DOCS / "dashboard.png"))
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
    page.wait_for_function("[...document.querySelectorAll('#table-transfers tbody tr')].every(r => r.cells[7].textContent === 'ordered')")


def test_csv_download_matches_the_table(page):
    page.fill("input[name=recipient]", "Azerbaijan")
    page.click("#apply")
    page.wait_for_function("[...document.querySelectorAll('#table-transfers tbody tr')]"
                           ".every(r => r.cells[1].textContent === 'Azerbaijan')")
    shown = _rows(page)
    with page.expect_download() as dl:
        page.click("#csv")
    data = list(csv.reader(io.StringIO(Path(dl.value.path()).read_text())))
    header = page.eval_on_selector_all("#table-transfers thead th", "ths => ths.map(t => t.textContent)")
    assert data[0] == header
    assert [[c.replace(",", "") for c in row] for row in data[1:]] == [[c.replace(",", "") for c in r] for r in shown]


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
