"""The evaluator: matching rules and micro-averaged precision/recall/F1."""
import json

from armstrace.evaluation import matches, same_event, same_quote, same_transfer, score_dirs


def test_transfer_matching_by_dyad_and_weapon_family_or_variant():
    g = {"supplier": "Russia", "recipient": "Armenia", "weapon": "Iskander", "variant": "Iskander-E"}
    assert same_transfer(g, {"supplier": "russia", "recipient": "The Armenia", "weapon": "Iskander"})
    assert same_transfer(g, {"supplier": "Russia", "recipient": "Armenia", "weapon": None, "variant": "Iskander-E"})
    assert not same_transfer(g, {"supplier": "Russia", "recipient": "Armenia", "weapon": "Smerch"})
    general = {"supplier": "Russia", "recipient": "Armenia", "weapon": None, "category": "general"}
    assert same_transfer(general, {"supplier": "Russia", "recipient": "Armenia", "weapon": None})
    assert not same_transfer(general, {"supplier": "Russia", "recipient": "Armenia", "weapon": "Smerch",
                                       "category": "MLRS"})


def test_event_dates_compare_at_the_gold_granularity():
    g = {"type": "war", "actors": ["Armenia"], "date": {"start": "2016-04", "end": "2016-04"}}
    assert same_event(g, {"type": "armed clash", "actors": ["Armenia"], "date": {"start": "2016-04-02",
                                                                                 "end": "2016-04-05"}})
    assert not same_event(g, {"type": "statement", "actors": ["Armenia"], "date": {"start": "2016-04"}})
    assert not same_event(g, {"type": "war", "actors": ["Armenia"], "date": None})


def test_quotes_match_on_surname_and_shared_words():
    g = {"speaker": "Richard Giragosian", "text": "the outlook remains bleak"}
    assert same_quote(g, {"speaker": "Giragosian", "text": "The outlook for the region remains bleak, he said"})
    assert not same_quote(g, {"speaker": "Kucera", "text": "the outlook remains bleak"})


def test_matching_is_one_to_one():
    gold = [{"supplier": "A", "recipient": "B", "weapon": None}] * 2
    pred = [{"supplier": "A", "recipient": "B", "weapon": None}]
    assert matches(gold, pred, same_transfer) == 1


def test_score_dirs_counts_missing_predictions_as_empty(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir(), pred.mkdir()
    (gold / "a.json").write_text(json.dumps({"entities": [{"name": "Russia", "aliases_in_text": ["Moscow"]}]}))
    (gold / "b.json").write_text(json.dumps({"entities": [{"name": "Armenia"}]}))
    (pred / "a.json").write_text(json.dumps({"entities": [{"name": "Moscow"}, {"name": "Mars"}]}))
    s = score_dirs(gold, pred)["entities"]
    assert (s["tp"], s["predicted"], s["gold"]) == (1, 2, 2)
    assert (s["precision"], s["recall"], s["f1"]) == (0.5, 0.5, 0.5)
