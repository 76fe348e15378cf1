"""``diplokg train`` and ``diplokg eval --cv``: fit the learned coder and cross-validate it.

Both read annotated articles in the gold JSON-lines format (the format ``diplokg eval``
reads), parse them once with the chosen spaCy pipelines, and work on the candidates.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

from . import __version__
from .config import Config
from .core.errors import InputError



def _examples(paths: list[str], models: dict[str, str], quiet: bool = False):
    from .coder_data import build_examples, read_gold, readable_rows
    from .extractors.language import SUPPORTED
    from .gold_file import check_gold_file
    from .pipeline import Extractor

    from .extractors.nlp import check_models

    check_models(models)
    for path in paths:
        check_gold_file(path)
    rows = read_gold(paths)
    extractor = Extractor(Config(models=models, coder="rules"))
    rows = readable_rows(extractor, rows, lambda line: print(f"skipped: {line}", file=sys.stderr))
    if not rows:
        raise InputError(f"no annotated article in a supported language ({', '.join(SUPPORTED)}) "
                         f"in {', '.join(paths)}")
    done = [0]

    def tick() -> None:
        done[0] += 1
        if not quiet and (done[0] % 25 == 0 or done[0] == len(rows)):
            print(f"  parsed {done[0]}/{len(rows)} articles", file=sys.stderr)

    started = time.monotonic()
    arts = list(build_examples(extractor, rows, tick))
    return arts, extractor.models_used(), time.monotonic() - started


def cv_table(report) -> str:
    """The cross-validation report as text: per language, per root, codes, flags, reliability."""
    d = report.as_dict()
    lines = [f"{'':6} {'events P':>9} {'R':>6} {'F1':>6} {'(tp/fp/fn)':>15}   {'actors F1':>9}"]
    for lang in sorted(k for k in d["events"] if k != "all") + ["all"]:
        e, a = d["events"][lang], d["actors"][lang]
        lines.append(f"{lang:6} {e['precision']:9.3f} {e['recall']:6.3f} {e['f1']:6.3f} "
                     f"{e['tp']:>5}/{e['fp']}/{e['fn']:<5}   {a['f1']:9.3f}")
    lines.append("F1 per CAMEO root: " + "  ".join(
        f"{r} {v['f1']:.2f} ({v['tp'] + v['fn']})" for r, v in sorted(d["roots"].items())))
    lines.append("exact-code accuracy of matched events: " + ", ".join(
        f"{k} {v:.3f}" for k, v in sorted(d["exact_code_accuracy"].items()) if v is not None))
    lines.append("flag accuracy of matched events: " + ", ".join(
        f"{k} {v:.3f}" for k, v in sorted(d["flag_accuracy"].items()) if v is not None))
    cr = d["candidate_recall"].get("all")
    if cr:
        lines.append(f"gold events {cr['gold']}: actors found in the article {cr['actors_found']}, "
                     f"a candidate of their sentence {cr['candidate']}")
    lines.append("reliability (confidence bin: predictions, mean confidence, observed precision):")
    lines += [f"  {r['bin']}: {r['n']:5}  {r['predicted']:.2f}  {r['observed']:.2f}" for r in d["reliability"]]
    lines.append(f"expected calibration error: {d['calibration_error']:.3f}")
    lines.append("--min-confidence: " + "  ".join(
        f"{m} -> P {v['precision']:.2f} ({v['kept']} kept)" for m, v in d["min_confidence"].items()))
    lines.append(f"keep-thresholds chosen per fold: {d['thresholds']}")
    if any(c["method"] != "identity" for c in d["calibrations"]):
        lines.append("calibration per fold (slope, intercept on the raw score's log-odds): " + ", ".join(
            f"({c['slope']:.2f}, {c['intercept']:.2f})" for c in d["calibrations"]))
    return "\n".join(lines)


def cmd_eval_cv(args) -> int:
    from .training import cross_validate

    models = Config.parse_model_args(args.model)
    arts, used, seconds = _examples(args.gold, models)
    report = cross_validate(arts, args.cv, args.seed, event_head=args.event_head)
    if args.format == "json":
        print(json.dumps({**report.as_dict(), "folds": args.cv, "models": used}, indent=2))
    else:
        print(f"{args.cv}-fold cross-validation by article over {len(arts)} articles ({seconds:.0f} s to parse)")
        print(cv_table(report))
        print("models: " + ", ".join(f"{k}={v}" for k, v in sorted(used.items())))
    return 0


def cmd_train(args) -> int:
    from .extractors.coder import LearnedCoder
    from .training import choose_keep_rule, cross_validate, fit_heads

    random.seed(args.seed)
    models = Config.parse_model_args(args.model)
    out = Path(args.output)
    if out.exists() and any(out.iterdir()) and not (out / "coder.json").is_file():
        raise InputError(f"{out} exists and is not a coder folder: choose an empty or new folder")
    started = time.monotonic()
    arts, used, _ = _examples(args.data, models)
    meta: dict = {"name": args.name or out.name, "diplokg": __version__, "seed": args.seed,
                  "created": dt.date.today().isoformat(), "training_data": [Path(p).name for p in args.data],
                  "articles": {lang: sum(a.lang == lang for a in arts) for lang in sorted({a.lang for a in arts})},
                  "gold_events": sum(len(a.gold) for a in arts), "parsed_with": used,
                  "languages": sorted({a.lang for a in arts})}
    if args.folds > 1:
        print(f"cross-validating ({args.folds} folds) ...", file=sys.stderr)
        report = cross_validate(arts, args.folds, args.seed, event_head=args.event_head)
        meta["folds"] = args.folds
        meta["cross_validation"] = report.as_dict()
        print(cv_table(report))
    print("choosing the keep-threshold, calibrating and fitting on all articles ...", file=sys.stderr)
    rule = choose_keep_rule(arts, seed=args.seed, event_head=args.event_head)
    meta["threshold"] = rule.threshold
    meta["calibration"] = rule.calibration.as_dict()
    heads = fit_heads(arts, seed=args.seed, event_head=args.event_head)
    meta["event_head"] = args.event_head
    out.mkdir(parents=True, exist_ok=True)
    for stale in [*out.glob("*.trees.txt"), *out.glob("*.npz")]:      # a head of the other kind from before
        stale.unlink()
    for name, head in heads.items():
        head.save(out, name)
    meta["seconds"] = round(time.monotonic() - started, 1)
    (out / "coder.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    coder = LearnedCoder(out)
    print(f"coder written to {out}: {coder.describe()}; threshold {coder.threshold}; {meta['seconds']:.0f} s")
    return 0


def add_train_parser(sub) -> None:
    p = sub.add_parser("train", help="train the learned event coder on annotated articles (gold JSONL format)")
    p.add_argument("data", nargs="+", metavar="DATA.jsonl", help="annotated articles, as 'diplokg eval' reads them")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write the coder to")
    p.add_argument("--model", action="append", metavar="LANG=NAME_OR_PATH", help="spaCy pipeline per language")
    p.add_argument("--folds", type=int, default=5, help="cross-validation folds for the scores kept with the "
                   "coder (0: none)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--name", help="name of the coder (default: the folder name)")
    add_event_head_argument(p)
    p.set_defaults(func=cmd_train)


def add_event_head_argument(p) -> None:
    """``--event-head``: the learner that decides whether a candidate is an event (train and eval --cv)."""
    from .training import EVENT_HEADS

    p.add_argument("--event-head", choices=EVENT_HEADS, default="linear",
                   help="learner of the event head: logistic regression (default) or boosted trees "
                        "(needs LightGBM: pip install 'diplokg[trees]')")
