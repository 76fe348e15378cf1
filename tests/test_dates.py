"""Event dates resolved against the article date."""
from diplokg.extractors.dates import event_date, find_dates


def test_relative_weekdays_and_explicit_dates():
    s = "Der Kremlchef hatte als einer der ersten Trump am vergangenen Dienstag zum Wahlsieg gratuliert."
    assert event_date(s, s.index("gratuliert"), "2016-11-14", "de") == "2016-11-08"
    s = "teilte das Präsidialamt am Montag in Moskau mit."
    assert event_date(s, 5, "2016-11-14", "de") == "2016-11-14"
    s = "Trump übernimmt am 20. Januar die Amtsgeschäfte."
    assert event_date(s, 0, "2016-11-14", "de") == "2017-01-20"
    s = "Officials met last Tuesday in Geneva."
    assert event_date(s, 10, "2019-03-08", "en") == "2019-03-05"
    s = "The talks began on January 20, 2019, and yesterday ended."
    assert [d.iso for d in find_dates(s, "2019-03-08", "en")] == ["2019-01-20", "2019-03-07"]


def test_anchors_and_periods_do_not_date_the_event():
    s = "Darüber waren sich beide in ihrem ersten Telefonat seit der US-Wahl am 8. November einig."
    assert event_date(s, s.index("Telefonat"), "2016-11-14", "de") == "2016-11-14"
    s = "Zwischen Putin und Obama war es in den vergangenen Jahren zu Spannungen gekommen."
    assert event_date(s, s.index("Spannungen"), "2016-11-14", "de") is None
    assert event_date("Putin met Xi.", 3, None, "en") is None
