"""The scorer follows SCHEMA.md: actors by QID, else case-insensitive name/alias; one-to-one matching."""
from diplokg.evaluate import actor_counts, fold_name, match_events, same_actor


def _ev(src, tgt, cameo="111", relation="criticize"):
    return {"source": src, "target": tgt, "cameo": cameo, "relation": relation}


def test_names_compare_without_diacritics():
    assert fold_name("Jan Nowak-Łęcki") == fold_name("jan nowak-lecki")
    assert same_actor({"name": "Zoran Đukić", "qid": None}, {"name": "Zoran Dukic", "qid": None})


def test_qids_decide_when_both_sides_have_one():
    assert not same_actor({"name": "Georgia", "qid": "Q230"}, {"name": "Georgia", "qid": "Q1428"})
    assert same_actor({"name": "Georgia", "qid": "Q230"}, {"name": "georgia", "qid": None})


def test_gazetteer_alias_matches_a_gold_name_without_qid():
    # organisations.tsv: YPG is labelled "People's Defense Units" with the alias "People's Protection Units"
    predicted = {"name": "People's Defense Units", "qid": None, "type": "GROUP"}
    assert same_actor(predicted, {"name": "People's Protection Units", "qid": None})
    assert not same_actor(predicted, {"name": "Kurdistan Workers' Party", "qid": None})


def test_event_matching_is_maximum_not_greedy():
    a, b = {"name": "Aland", "qid": None}, {"name": "Borduria", "qid": None}
    # The first prediction ("meet": symmetric) fits both gold visits, the second only the first one;
    # greedy matching in prediction order would give the first gold visit to the first prediction.
    predicted = [_ev(a, b, "042", "meet"), _ev(a, b, "042", "visit")]
    gold = [_ev(a, b, "042", "visit"), _ev(b, a, "042", "visit")]
    counts, hits = match_events(predicted, gold)
    assert (counts.tp, counts.fp, counts.fn) == (2, 0, 0) and hits == [True, True]


def test_actor_counts_use_the_same_matching():
    gold = [_ev({"name": "Łukasz Nowak", "qid": None}, {"name": "Poland", "qid": "Q36"})]
    predicted = [_ev({"name": "Lukasz Nowak", "qid": None}, {"name": "Poland", "qid": "Q36"})]
    counts = actor_counts(predicted, gold)
    assert (counts.tp, counts.fp, counts.fn) == (2, 0, 0)


def test_dates_compare_as_the_gold_format_writes_them():
    from diplokg.date_eval import date_counts
    from diplokg.evaluate import event_matches, maximum_matching

    a, b = {"name": "Aland", "qid": None}, {"name": "Borduria", "qid": None}

    def ev(cameo, date, precision=None, source=None):
        return {**_ev(a, b, cameo), "event_date": date, "date_precision": precision, "date_source": source}

    gold = [ev("111", "2019-03-05"), ev("036", None), ev("042", None), ev("190", "2019-03-01")]
    predicted = [ev("111", "2019-03-05", "day", "sentence"),      # the pinned day: right
                 ev("036", "2019-03-08", "day", "publication"),   # the article date standing in: null, right
                 ev("042", "2018", "year", "sentence"),           # a year only: null in gold, right
                 ev("190", "2019-03-08", "day", "publication")]   # gold pins a day the sentence gives: missed
    counts = date_counts(predicted, gold, maximum_matching(predicted, gold, event_matches), "2019-03-08")
    assert counts.as_dict() == {"matched": 4, "agree": 3, "accuracy": 0.75, "raw_equal": 1, "raw_accuracy": 0.25,
                                "gold_other_than_article": 2, "gold_other_found": 1}
