"""Made-up annotated articles and an in-process ``diplokg`` run shared by the tests of cross-validation limits, bad gold lines and coder languages.

Every sentence is made up for the tests (none comes from the gold or training articles).
"""
from __future__ import annotations

import json
from pathlib import Path

PAIRS = [("Vladimir Putin", "Q7747", "Angela Merkel", "Q567"), ("Emmanuel Macron", "Q3052772", "Xi Jinping", "Q15031"),
         ("Joe Biden", "Q6279", "Boris Johnson", "Q180589"), ("Justin Trudeau", "Q3099714", "Narendra Modi", "Q1058"),
         ("Donald Trump", "Q22686", "Moon Jae-in", "Q21001")]
SENTENCES = {"en": ("{a} praised {b} for the new trade agreement.", "{b} criticized {a} over the border dispute."),
             "de": ("{a} lobte {b} für das neue Handelsabkommen.", "{b} kritisierte {a} wegen des Grenzstreits.")}


def _event(sentence: str, a: tuple[str, str], b: tuple[str, str], cameo: str, relation: str) -> dict:
    """One annotated event in the gold format."""
    return {"sentence": sentence, "source": {"name": a[0], "qid": a[1], "type": "PERSON"}, "relation": relation,
            "cameo": cameo, "target": {"name": b[0], "qid": b[1], "type": "PERSON"}, "event_date": None,
            "negated": False, "reported": False}


def made_up_article(k: int, lang: str = "en") -> dict:
    """A two-sentence annotated article: A praises B, B criticises A (language "en" or "de")."""
    a, qa, b, qb = PAIRS[k % len(PAIRS)]
    praise, blame = (s.format(a=a, b=b) for s in SENTENCES[lang])
    return {"article_id": f"{lang}-made-up-{k}", "lang": lang, "date": "2021-03-01", "title": "",
            "text": f"{praise} {blame}",
            "events": [_event(praise, (a, qa), (b, qb), "051", "praise"),
                       _event(blame, (b, qb), (a, qa), "111", "criticize")]}


def write_lines(path: Path, lines: list) -> Path:
    """A JSON-lines file of the given rows (strings are written as they are: bad lines)."""
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
                    + "\n", encoding="utf-8")
    return path


def run_eval_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """``diplokg eval ARGV`` in this process: (exit status, stdout, stderr)."""
    from diplokg import cli

    code = cli.main(["eval", *argv])
    out, err = capsys.readouterr()
    return code, out, err
