"""How often language identification names the annotated language: whole texts, titles, and each gold
sentence taken alone (as a list of coded sentences would come, without a language field).

    python benchmarks/language_id.py [DATA.jsonl ...]      # default: ../shared/data/train/{de,en}.jsonl

Prints, per annotated language and kind of text, how many were identified as each language
("None": unidentified, so skipped with a message), and lists the wrong or unidentified sentences.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="*", default=[str(SHARED / "data" / "train" / f"{x}.jsonl") for x in ("de", "en")])
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from diplokg.extractors.language import detect_language

    counts: Counter = Counter()
    misses: list[str] = []
    for path in args.data:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            lang = row.get("lang")
            counts[lang, "text", detect_language(row["text"])] += 1
            if row.get("title"):
                counts[lang, "title", detect_language(row["title"])] += 1
            for sentence in dict.fromkeys(e["sentence"] for e in row.get("events", [])):
                found = detect_language(sentence)
                counts[lang, "sentence", found] += 1
                if found != lang:
                    misses.append(f"  {lang} -> {found}: {sentence[:100]}")
    print(f"{'annotated':10} {'kind':9} identified as")
    for lang, kind in sorted({(k[0], k[1]) for k in counts}, key=str):
        found = {k[2]: n for k, n in counts.items() if k[:2] == (lang, kind)}
        print(f"{str(lang):10} {kind:9} " + ", ".join(f"{f}: {n}" for f, n in sorted(found.items(), key=str)))
    print(f"sentences not identified as annotated: {len(misses)}")
    print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
