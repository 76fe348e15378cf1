"""The light country-code table (read from the gazetteer's country and organisation files alone) must
give what the whole gazetteer gives, with a user folder too: series and the event table name countries by it."""
from __future__ import annotations

from diplokg.ontology.gazetteer import build_gazetteer, country_codes_by_qid


def _from_whole(gaz) -> dict[str, str]:
    return {gaz.actors[key].qid: code for code, key in gaz.countries.items() if key in gaz.actors and gaz.actors[key].qid}


def test_the_light_table_equals_the_whole_gazetteers():
    table = country_codes_by_qid()
    assert table == _from_whole(build_gazetteer())
    assert table["Q159"] == "RUS" and table["Q30"] == "USA"


def test_a_user_folder_adds_and_overrides_countries(tmp_path):
    header = "iso3\tqid\tlabel_en\tlabel_de\taliases\tseats\tadjectives_en\tadjectives_de\n"
    (tmp_path / "countries.tsv").write_text(header + "ZZA\tQ99999991\tZedland\t\t\t\t\t\n"
                                            "RUS\tQ99999992\tRussia (made up)\t\t\t\t\t\n", encoding="utf-8")
    (tmp_path / "organisations.tsv").write_text("key\tqid\tlabel_en\ttype\nZZORG\tQ99999993\tZed Org\t"
                                                "ORGANIZATION\n", encoding="utf-8")
    table = country_codes_by_qid([tmp_path])
    assert table == _from_whole(build_gazetteer([tmp_path]))
    assert table["Q99999991"] == "ZZA" and table["Q99999992"] == "RUS" and "Q159" not in table
    assert table["Q99999993"] == "ZZORG"


def test_a_user_file_without_a_required_column_is_named_in_one_line(tmp_path):
    import pytest

    from diplokg.core.errors import InputError

    (tmp_path / "countries.tsv").write_text("qid\tlabel_en\nQ99999991\tZedland\n", encoding="utf-8")
    for read in (lambda: country_codes_by_qid([tmp_path]), lambda: build_gazetteer([tmp_path])):
        with pytest.raises(InputError, match=r"countries\.tsv:1: header lacks the column\(s\) iso3"):
            read()
    assert country_codes_by_qid()["Q159"] == "RUS"             # the shipped files still read
