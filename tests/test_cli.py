"""The command line, run as a user runs it."""
import json
import subprocess
import sys

from typer.testing import CliRunner

from armstrace.cli import app

runner = CliRunner()
ARTICLE = "Tanks for Yerevan\n\nBy Sam Writer\n\nMay 5, 2019\n\nRussia delivered ten tanks to Armenia last month.\n"


def test_run_prints_documents_and_summary(tmp_path, write, monkeypatch):
    monkeypatch.chdir(tmp_path)   # the default report goes to the working folder
    write("a.txt", ARTICLE)
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["run", str(write.root), "--db", db])
    assert result.exit_code == 0, result.output
    assert "Tanks for Yerevan" in result.stdout and "Sam Writer" in result.stdout and "2019-05-05" in result.stdout
    assert "1 added" in result.stderr


def test_ingest_with_a_bad_file_exits_3_and_names_it_on_one_line(tmp_path, write):
    write("a.txt", ARTICLE)
    bad = write("b.txt", b"%PDF-1.4")
    result = runner.invoke(app, ["ingest", str(write.root), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 3
    assert f"error: {bad}: binary file (a PDF), not a text article" in result.stderr.splitlines()
    assert "1 added" in result.stderr


def test_docs_json_and_show(tmp_path, write):
    write("a.txt", ARTICLE)
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["ingest", str(write.root), "--db", db])
    rows = json.loads(runner.invoke(app, ["docs", "--db", db, "--format", "json"]).stdout)
    assert [r["title"] for r in rows] == ["Tanks for Yerevan"]
    shown = runner.invoke(app, ["show", rows[0]["id"][:8], "--db", db, "--format", "json"])
    assert json.loads(shown.stdout)["doc"]["author"] == "Sam Writer"
    missing = runner.invoke(app, ["show", "ffffffff", "--db", db])
    assert missing.exit_code == 1 and "no document 'ffffffff'" in missing.stderr


def test_db_from_environment(tmp_path, write, monkeypatch):
    write("a.txt", ARTICLE)
    monkeypatch.setenv("ARMSTRACE_DB", str(tmp_path / "env.db"))
    assert runner.invoke(app, ["ingest", str(write.root)]).exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_python_dash_m_entry_point():
    out = subprocess.run([sys.executable, "-m", "armstrace", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "ingest" in out.stdout and "run" in out.stdout


def test_extract_writes_one_json_per_article_named_after_its_file(tmp_path, write):
    write("tanks.txt", ARTICLE)
    write("bundle.jsonl", json.dumps({"text": "Turkey sold drones to Qatar in 2019, officials said."}) + "\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(write.root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["bundle-1.json", "tanks.json"]
    data = json.loads((out / "tanks.json").read_text())
    assert data["doc"]["title"] == "Tanks for Yerevan"
    [t] = data["transfers"]
    assert (t["supplier"], t["recipient"], t["category"]) == ("Russia", "Armenia", "armour")


def test_eval_scores_against_gold(tmp_path, write):
    write("tanks.txt", ARTICLE)
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "tanks.json").write_text(json.dumps({"transfers": [
        {"supplier": "Russia", "recipient": "Armenia", "weapon": None, "category": "armour"}]}))
    result = runner.invoke(app, ["eval", str(gold), str(write.root), "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["transfers"]["tp"] == 1 and scores["transfers"]["gold"] == 1


def test_query_commands_in_every_format(tmp_path, write):
    write("a.txt", "Sales Abroad\n\nMay 5, 2019\n\nChina is selling arms to both India and Pakistan. "
                   "Russia sold tanks to India in 2018.\n")
    db = str(tmp_path / "q.db")
    runner.invoke(app, ["ingest", str(write.root), "--db", db])
    res = runner.invoke(app, ["query", "both-sides", "India", "Pakistan", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    assert [r["supplier"] for r in json.loads(res.stdout)["rows"]] == ["China"]
    res = runner.invoke(app, ["query", "who-arms-whom", "--db", db, "--format", "csv"])
    lines = res.stdout.strip().splitlines()
    assert lines[0].startswith("supplier,recipient,transfers") and len(lines) == 4
    res = runner.invoke(app, ["query", "timeline", "India", "--db", db])
    assert res.exit_code == 0 and "Russia → India" in res.stdout
    bad = runner.invoke(app, ["query", "share", "India", "--period", "soon", "--db", db])
    assert bad.exit_code == 2 and "period must look like" in bad.stderr


def test_run_writes_the_report_by_default(tmp_path, write, monkeypatch):
    write("a.txt", ARTICLE)
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["run", str(write.root), "--db", str(tmp_path / "r.db")])
    assert res.exit_code == 0 and (tmp_path / "armstrace-report.html").exists()


def test_import_sipri_and_crosscheck(tmp_path):
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures"
    db = str(tmp_path / "s.db")
    res = runner.invoke(app, ["import", "sipri", str(fixtures / "sipri-register.csv"), str(fixtures / "tiv-israel.csv"),
                              "--db", db])
    assert res.exit_code == 0, res.output
    assert "register, 7 deals from 8 rows, 1 skipped" in res.stderr.replace("\n", "")
    res = runner.invoke(app, ["query", "crosscheck", "Armenia", "--db", db, "--format", "json"])
    assert {r["match"] for r in json.loads(res.stdout)["rows"]} == {"SIPRI only"}
    bad = runner.invoke(app, ["import", "sipri", str(tmp_path / "missing.csv"), "--db", db])
    assert bad.exit_code == 1 and "missing.csv" in bad.stderr


def test_a_folder_with_no_article_files_says_so_and_lists_what_it_skipped(tmp_path, write):
    write("slides.pptx", b"PK")
    write("notes.docx", b"PK")
    result = runner.invoke(app, ["ingest", str(write.root), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 3
    assert "error: no article files found in" in result.stderr
    assert sum(line.startswith("skipped ") and "unsupported file type" in line
               for line in result.stderr.splitlines()) == 2


def test_fifos_and_link_loops_are_reported_not_lost(tmp_path, write):
    import os

    write("a.txt", ARTICLE)
    os.mkfifo(write.root / "pipe.txt")
    os.symlink(write.root / "loop.txt", write.root / "loop.txt")
    os.symlink(write.root / "gone.txt", write.root / "dangling.txt")
    result = runner.invoke(app, ["ingest", str(write.root), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any("pipe.txt: not a regular file (a FIFO)" in x for x in lines)
    assert any("loop.txt: a symbolic link loop" in x for x in lines)
    assert any("dangling.txt: a broken symbolic link" in x for x in lines)
    assert "1 added" in result.stderr and "3 skipped" in result.stderr


def test_text_with_markup_characters_is_printed_as_it_is(tmp_path, write):
    text = "Tanks [sic] for [/] Yerevan\n\nMay 5, 2019\n\nRussia [sic] delivered ten tanks to Armenia last month.\n"
    f = write("odd [/] name [bold].txt", text)
    db = str(tmp_path / "s.db")
    ran = runner.invoke(app, ["run", str(write.root), "--db", db, "--no-report"])
    assert ran.exit_code == 0, ran.stderr
    assert "Tanks [sic] for [/] Yerevan" in ran.stdout
    shown = runner.invoke(app, ["show", str(f), "--db", db])
    assert shown.exit_code == 0 and "odd [/] name [bold].txt" in shown.stdout
    assert "Russia [sic] delivered ten tanks to Armenia last month." in shown.stdout
    timeline = runner.invoke(app, ["query", "timeline", "Armenia", "--db", db])
    assert timeline.exit_code == 0 and "[sic]" in timeline.stdout


def test_an_interrupted_ingest_says_what_it_did_and_exits_130(tmp_path, write, monkeypatch):
    import armstrace.pipeline as pipeline

    write("a.txt", ARTICLE)
    write("b.txt", ARTICLE.replace("ten", "five"))
    real = pipeline.extract
    calls = []

    def interrupted_on_the_second(doc, *args):
        calls.append(doc.source_path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(doc, *args)
    interrupted_on_the_second.version = real.version
    monkeypatch.setattr(pipeline, "extract", interrupted_on_the_second)
    result = runner.invoke(app, ["ingest", str(write.root), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 130
    assert "interrupted: 1 added" in result.stderr and "run again to resume" in result.stderr


def test_a_bug_exits_70_with_its_traceback(monkeypatch, capsys):
    import pytest

    import armstrace.cli as cli

    def broken(**kwargs):
        raise ZeroDivisionError("a bug")
    monkeypatch.setattr(cli, "app", broken)
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 70
    assert "ZeroDivisionError: a bug" in capsys.readouterr().err


def test_serving_beyond_loopback_needs_public_and_a_token(tmp_path, monkeypatch):
    monkeypatch.delenv("ARMSTRACE_TOKEN", raising=False)
    db = str(tmp_path / "s.db")
    res = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--db", db])
    assert res.exit_code == 2 and "pass --public" in res.stderr
    res = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--public", "--db", db])
    assert res.exit_code == 2 and "needs ARMSTRACE_TOKEN" in res.stderr


def test_run_never_replaces_a_file_that_is_not_its_report(tmp_path, write, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("a.txt", "Tanks Sold\n\nMay 2, 2019\n\nRussia sold 10 T-90 tanks to Serbia in 2018.\n")
    mine = tmp_path / "notes.html"
    mine.write_text("<html>my own notes</html>")
    db = str(tmp_path / "r.db")
    res = runner.invoke(app, ["run", str(write.root), "--db", db, "--report", str(mine)])
    assert res.exit_code == 2 and "not an armstrace report" in res.stderr
    assert mine.read_text() == "<html>my own notes</html>"
    out = tmp_path / "out" / "report.html"
    out.parent.mkdir()
    first = runner.invoke(app, ["run", str(write.root), "--db", db, "--report", str(out)])
    assert first.exit_code == 0 and f"report: {out.resolve()}" in first.stderr
    again = runner.invoke(app, ["run", str(write.root), "--db", db, "--report", str(out)])
    assert again.exit_code == 0 and "earlier report replaced" in again.stderr


def test_review_from_the_command_line_then_export_gold_and_eval(tmp_path, write):
    write("deals.txt", "Deals\n\nMay 3, 2019\n\nRussia delivered 12 T-90 tanks to Armenia in 2018. Israel sold Harop "
                       "drones to Azerbaijan in 2016.\n")
    db = str(tmp_path / "rv.db")
    assert runner.invoke(app, ["ingest", str(write.root), "--db", db]).exit_code == 0
    from armstrace.store import Store

    store = Store(db)
    rows = {r["supplier"]: r for r in store.fact_rows("transfers")}
    assert runner.invoke(app, ["review", "reject", "transfers", str(rows["Israel"]["id"]), "--db", db,
                               "--reviewer", "ana"]).exit_code == 0
    edited = runner.invoke(app, ["review", "edit", "transfers", str(rows["Russia"]["id"]), "quantity=10", "--db", db])
    assert edited.exit_code == 0 and '"quantity": 10' in edited.stdout
    bad = runner.invoke(app, ["review", "edit", "transfers", str(rows["Russia"]["id"]), "status=stolen", "--db", db])
    assert bad.exit_code == 2 and "not a valid transfer" in bad.stderr
    assert runner.invoke(app, ["review", "confirm", "transfers", "999999", "--db", db]).exit_code == 1
    queue = runner.invoke(app, ["review", "queue", "--db", db])
    assert "transfers: 2/2 reviewed" in queue.stderr
    out = tmp_path / "gold"
    assert runner.invoke(app, ["export", "--gold", str(out), "--db", db]).exit_code == 0
    [gold] = list((out / "gold").glob("*.json"))
    data = json.loads(gold.read_text())
    assert [(t["supplier"], t["quantity"]) for t in data["transfers"]] == [("Russia", 10)]
    scored = runner.invoke(app, ["eval", str(out / "gold"), str(out / "articles"), "--format", "json"])
    assert scored.exit_code == 0
    transfers = json.loads(scored.stdout)["transfers"]
    # the extractor's Israel → Azerbaijan, rejected by the analyst, now counts against it
    assert (transfers["gold"], transfers["predicted"], transfers["tp"]) == (1, 2, 1)
