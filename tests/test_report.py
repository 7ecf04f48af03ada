"""The static HTML report: a summary that stays readable however big the store."""
from pathlib import Path

from armstrace.model import Document, Evidence, Extraction, Transfer, content_id
from armstrace.report import MAX_ARTICLES, TOP, build_report
from armstrace.sipri import import_file
from armstrace.store import Store

STATES = ["Russia", "Israel", "Turkey", "France", "China", "India", "Armenia", "Azerbaijan", "Serbia", "Egypt",
          "Brazil", "Chile", "Peru", "Kenya", "Ghana"]


def test_the_report_of_a_big_store_is_top_lists_and_the_articles_they_cite(tmp_path):
    store = Store(str(tmp_path / "big.db"))
    for i in range(400):
        a, b = STATES[i % 15], STATES[(i * 7 + 3) % 15]
        if a == b:
            continue
        text = f"Report {i}\n\n{a} sold {i % 9 + 1} vehicles to {b} in 2015, officials said.\n" + "Filler text. " * 200
        doc = Document(id=content_id(text), text=text, title=f"Report {i}", source_path=f"r{i}.txt")
        s = text.index(a + " sold")
        e = text.index("said.") + 5
        t = Transfer(supplier=a, recipient=b, weapon=f"System {i % 60}", evidence=[
            Evidence(document_id=doc.id, start=s, end=e, text=text[s:e])])
        store.save(Extraction(document=doc, transfers=[t]))
    import_file(store, Path(__file__).parent / "fixtures" / "sipri-register.csv")
    html = build_report(store)
    assert len(html) < 2_000_000                                   # not every row of every table, not every text
    transfers = html.split("<h2 id=transfers>")[1].split("</table>")[0]
    assert transfers.count("<tr>") == TOP + 1                      # the header and the top rows
    assert "all of them" in html                                   # and where the rest is
    assert html.count("<div class=doc>") == MAX_ARTICLES
    assert "SIPRI trade register" not in html.split("<h2 id=articles>")[1]   # the register is no article
    for link in transfers.split('href="#')[1:6]:                   # the lists' links lead to quoted articles
        anchor = link.split('"')[0]
        assert f'id="{anchor}"' in html or f"id={anchor}" in html
