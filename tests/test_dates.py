"""Event dates resolved against the article date."""
from diplokg.extractors.dates import date_event, event_date, find_dates


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


def _date(sentence: str, trigger: str, article_date: str, lang: str):
    got = date_event(sentence, sentence.index(trigger), article_date, lang)
    return got.iso, got.precision, got.source


def test_years_and_months_date_the_event_at_their_precision_never_the_article_date():
    cases = [
        ("Russia annexed Crimea in 2014, the minister recalled.", "annexed", "en", ("2014", "year", "sentence")),
        ("Last year, China imposed sanctions on Lithuania.", "imposed", "en", ("2019", "year", "sentence")),
        ("Earlier this month, Iran threatened Israel.", "threatened", "en", ("2020-01", "month", "sentence")),
        ("Putin met Erdogan two years ago in Sochi.", "met", "en", ("2018", "year", "sentence")),
        ("Turkey shot down a Russian jet in late November 2015.", "shot", "en", ("2015-11", "month", "sentence")),
        ("Im vergangenen Jahr hatte Russland die Ukraine angegriffen.", "angegriffen", "de",
         ("2019", "year", "sentence")),
        ("Russland hatte die Krim im März 2019 besetzt.", "besetzt", "de", ("2019-03", "month", "sentence")),
        ("Anfang 2015 unterzeichneten Russland und die Ukraine ein Abkommen.", "unterzeichneten", "de",
         ("2015", "year", "sentence")),
        ("2014 annektierte Russland die Krim.", "annektierte", "de", ("2014", "year", "sentence")),
        ("Putin traf Erdoğan vor zwei Jahren in Sotschi.", "traf", "de", ("2018", "year", "sentence")),
    ]
    for sentence, trigger, lang, expected in cases:
        assert _date(sentence, trigger, "2020-01-10", lang) == expected, sentence
    # the same kind of sentence without a period takes the publication date, and says so
    assert _date("China imposed sanctions on Lithuania.", "imposed", "2020-01-10", "en") == \
        ("2020-01-10", "day", "publication")
    assert _date("Russland hatte die Krim besetzt.", "besetzt", "2020-01-10", "de") == \
        ("2020-01-10", "day", "publication")


def test_a_year_modifying_a_noun_dates_that_noun_only():
    s = "The report cites a 2017 memorandum between Russia and the United States."
    assert _date(s, "memorandum", "2020-01-10", "en") == ("2017", "year", "sentence")
    s = "On Monday, Putin cited the 2017 memorandum with Trump."
    assert _date(s, "cited", "2020-01-10", "en") == ("2020-01-06", "day", "sentence")
    s = "Merkel kritisierte das Abkommen von 2015 scharf."
    assert _date(s, "kritisierte", "2020-01-10", "de") == ("2020-01-10", "day", "publication")
    assert _date(s, "Abkommen", "2020-01-10", "de") == ("2015", "year", "sentence")
    s = "Die 2014 annektierte Krim bleibt russisch."
    assert _date(s, "annektierte", "2020-01-10", "de") == ("2014", "year", "sentence")
    assert _date(s, "bleibt", "2020-01-10", "de") == ("2020-01-10", "day", "publication")


def test_anchors_counts_and_modal_may_are_not_periods():
    # "seit 2014" dates the state, not the act; "2000 soldiers" is a count; "may" is a verb
    assert _date("Seit 2014 kritisiert die EU Russland.", "kritisiert", "2020-01-10", "de")[2] == "publication"
    assert _date("Germany sent 2000 soldiers to Lithuania.", "sent", "2020-01-10", "en")[2] == "publication"
    assert _date("Talks may resume, the minister said.", "Talks", "2020-01-10", "en")[2] == "publication"
    assert _date("The talks may resume in May.", "talks", "2020-01-10", "en") == ("2020-05", "month", "sentence")
    # a day expression keeps day precision; a month and year inside it are not separate expressions
    s = "Trump übernimmt am 20. Januar 2017 die Amtsgeschäfte."
    assert [(d.iso, d.precision) for d in find_dates(s, "2016-11-14", "de")] == [("2017-01-20", "day")]
    # a month without a year: the one nearest the article date
    assert _date("Russland und China hatten im Mai verhandelt.", "verhandelt", "2019-08-08", "de")[0] == "2019-05"


def test_periods_without_a_day_month_or_year_leave_the_date_open():
    assert _date("Putin met Xi last week.", "met", "2019-03-08", "en") == (None, None, None)
    assert _date("Putin traf Xi vergangene Woche.", "traf", "2019-03-08", "de") == (None, None, None)
    # relative years need the article date
    assert _date("Last year, China imposed sanctions on Lithuania.", "imposed", None, "en") == (None, None, None)


def test_last_night_and_this_morning_are_days():
    s = "Adamowicz was stabbed last night at a charity event."
    assert _date(s, "stabbed", "2019-01-14", "en") == ("2019-01-13", "day", "sentence")
    s = "The minister resigned this morning."
    assert _date(s, "resigned", "2019-01-14", "en") == ("2019-01-14", "day", "sentence")
