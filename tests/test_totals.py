"""``diplokg stats`` reads counts the store keeps (one node) instead of counting a million type quads;
the kept counts must equal the counted ones after every kind of write."""
from __future__ import annotations

from diplokg.graph.rdf import totals
from diplokg.graph.rdf.bulk import load_files
from diplokg.graph.rdf.store import STATS_QUERIES, open_store

from conftest import run_cli
from test_bulk_load import _items


def _counted(store) -> dict[str, int]:
    return {key: int(store.query(q, prefixes=False).rows[0]["n"] or 0) for key, q in STATS_QUERIES.items()}


def test_kept_counts_follow_writes_replacements_and_removals(tmp_path):
    store = open_store(tmp_path / "kg")
    assert totals.read(store.store) == {"articles": 0, "events": 0, "evidence": 0, "actors": 0}
    store.write_articles(_items(["t0", "t1", "t2"]))
    assert store.stats() == _counted(store) and store.stats()["articles"] == 3
    store.write_articles(_items(["t1", "t3"], seed=9))           # t1 replaced by another version
    assert totals.read(store.store) == _counted(store) and store.stats()["articles"] == 4
    for article in ("t0", "t1", "t2"):
        store.remove_article(article)
        assert totals.read(store.store) == _counted(store)
    store.remove_article("t3")
    assert totals.read(store.store) == _counted(store) == {"articles": 0, "events": 0, "evidence": 0, "actors": 0}


def test_kept_counts_after_loads_and_a_rebuild(tmp_path):
    src = open_store(tmp_path / "src")
    src.write_articles(_items(["u0", "u1"]))
    dump = tmp_path / "u.nq"
    dump.write_bytes(src.export("nquads"))
    other = open_store(tmp_path / "src2")
    other.write_articles(_items(["u2"], seed=4))
    dump2 = tmp_path / "u2.nq"
    dump2.write_bytes(other.export("nquads"))
    store = open_store(tmp_path / "kg")
    assert not load_files(store, [dump]).errors                  # into an empty store: rebuilt, recounted
    assert totals.read(store.store) == _counted(store) and store.stats()["articles"] == 2
    assert not load_files(store, [dump2]).errors                 # into a store with articles: refreshed
    assert totals.read(store.store) == _counted(store) and store.stats()["articles"] == 3
    assert not load_files(store, [tmp_path / "none.nq"], summaries_mode="skip").files[0].quads
    store.rebuild_summaries()
    assert totals.read(store.store) == _counted(store)


def test_stats_of_a_store_without_kept_counts_counts_them(tmp_path):
    store = open_store(tmp_path / "kg")
    store.write_articles(_items(["v0", "v1"]))
    kept = store.stats()
    totals.drop(store.store)                                     # as a store made before they were kept
    assert totals.read(store.store) is None
    assert store.stats() == kept == _counted(store)
    del store
    res = run_cli("stats", "--format", "json", "--exact", "--store", str(tmp_path / "kg"))
    assert res.returncode == 0 and '"articles": 2' in res.stdout and '"quads": ' in res.stdout
