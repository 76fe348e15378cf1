"""``diplokg train`` and ``diplokg eval``: fit the learned coder, cross-validate it, score extraction.

All read annotated articles in the gold JSON-lines format (``diplokg eval --format-help``).
``train`` and ``eval --cv`` parse them once with the chosen spaCy pipelines and work on the
candidates; ``eval`` without ``--cv`` extracts from their texts and scores against their events.
Every bad gold line is reported (one line each, naming file and line): ``eval`` scores the
readable articles and exits 1, ``train`` writes no coder from a file with bad lines.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import __version__
from .config import Config
from .core.errors import InputError

if TYPE_CHECKING:
    from .extractors.coder import LearnedCoder
    from .pipeline import Extractor


@dataclass
class Annotated:
    """The annotated articles of the given files (the readable lines; then those in a language diplokg
    reads), the extractor that reads them and the bad lines."""

    rows: list[dict]
    extractor: Extractor
    faults: list[str]
    where: str                          # the files, for messages


def report_faults(faults: list[str]) -> None:
    """One ``error:`` line on stderr per bad gold line (each names its file and line)."""
    for fault in faults:
        print(f"error: {fault}", file=sys.stderr)


def _annotated(paths: list[str], models: dict[str, str]) -> Annotated:
    """The annotated articles of the files; bad lines are collected, not raised, so that every one of them
    can be reported."""
    from .extractors.nlp import check_models
    from .gold_file import read_gold_files
    from .pipeline import Extractor

    check_models(models)
    gold = read_gold_files(paths)
    return Annotated(gold.rows, Extractor(Config(models=models, coder="rules")), gold.faults,
                     ", ".join(str(p) for p in paths))


def _keep_readable(data: Annotated) -> None:
    """Keep the articles in a supported language (each other one reported as skipped); InputError when none
    is left to learn from: every line bad, or no article in a language diplokg reads."""
    from .coder_data import readable_rows
    from .extractors.language import SUPPORTED

    data.rows = readable_rows(data.extractor, data.rows, lambda line: print(f"skipped: {line}", file=sys.stderr))
    if data.rows:
        return
    if data.faults:
        raise InputError(f"no readable annotated article in {data.where} ({len(data.faults)} bad line(s), "
                         f"listed above); see diplokg eval --format-help")
    raise InputError(f"no annotated article in a supported language ({', '.join(SUPPORTED)}) in {data.where}")


def _examples(data: Annotated, quiet: bool = False) -> tuple[list, dict[str, str], float]:
    """The parsed candidates of the annotated articles, the models that parsed them and the seconds it took."""
    from .coder_data import build_examples

    rows = data.rows
    done = [0]

    def tick() -> None:
        done[0] += 1
        if not quiet and (done[0] % 25 == 0 or done[0] == len(rows)):
            print(f"  parsed {done[0]}/{len(rows)} articles", file=sys.stderr)

    started = time.monotonic()
    arts = list(build_examples(data.extractor, rows, tick))
    return arts, data.extractor.models_used(), time.monotonic() - started


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
    """``eval --cv K``: every bad gold line reported, the readable articles cross-validated; exit 1 when a
    line was bad (the figures then leave those articles out)."""
    from .training import check_enough_articles, cross_validate

    if args.cv is None or args.cv < 2:
        raise InputError(f"--cv must be at least 2 (K-fold cross-validation), got {args.cv}")
    data = _annotated(args.gold, Config.parse_model_args(args.model))
    report_faults(data.faults)
    _keep_readable(data)
    check_enough_articles(f"--cv {args.cv}", args.cv, len(data.rows), data.where)
    arts, used, seconds = _examples(data)
    report = cross_validate(arts, args.cv, args.seed, event_head=args.event_head)
    if args.format == "json":
        print(json.dumps({**report.as_dict(), "folds": args.cv, "models": used}, indent=2))
    else:
        print(f"{args.cv}-fold cross-validation by article over {len(arts)} articles ({seconds:.0f} s to parse)")
        print(cv_table(report))
        print("models: " + ", ".join(f"{k}={v}" for k, v in sorted(used.items())))
    return 1 if data.faults else 0


def run_eval(args: argparse.Namespace, config_of: Callable[[argparse.Namespace], Config]) -> int:
    """``diplokg eval GOLD`` once the gold files are named: ``--cv`` cross-validates, else the extraction
    (configured by ``config_of(args)``) is scored on the readable articles; every bad line is reported and
    makes the exit status 1."""
    from .evaluate import evaluate
    from .gold_file import read_gold_file
    from .pipeline import Extractor

    if args.cv is not None:
        return cmd_eval_cv(args)
    if args.event_head != "linear":
        raise InputError("--event-head chooses what --cv trains; without --cv, choose a trained coder with --coder")
    if len(args.gold) > 1:
        raise InputError("give one gold file (several files only with --cv)")
    path = args.gold[0]
    gold = read_gold_file(path)
    report_faults(gold.faults)
    if not gold.rows:
        raise InputError(f"{path}: no readable article ({len(gold.faults)} bad line(s), listed above); "
                         "see diplokg eval --format-help")
    extractor = Extractor(config_of(args))
    report = evaluate(gold.rows, extractor, args.predictions)
    for notice in extractor.notices:
        print(f"notice: {notice}", file=sys.stderr)
    for line in report.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    if report.skipped and len(report.skipped) == report.articles:
        return _nothing_scored(len(report.skipped), path)
    print(_eval_text(report, args.format))
    return 1 if gold.faults else 0


def _nothing_scored(skipped: int, path: str) -> int:
    """Exit status 1 and one line when every readable article was skipped (no answer with exit 0)."""
    from .extractors.language import SUPPORTED

    print(f"error: none of the {skipped} article(s) of {path} is in a supported language "
          f"({', '.join(SUPPORTED)}); a gold line may give its language as \"lang\"", file=sys.stderr)
    return 1


def _eval_text(report, fmt: str) -> str:
    """The scores of ``eval`` as a table or as JSON."""
    if fmt != "json":
        return report.table()
    top, bottom = report.confidence_split()
    return json.dumps({"events": {k: v.as_dict() for k, v in report.events.items()},
                       "actors": {k: v.as_dict() for k, v in report.actors.items()},
                       "confidence_top_half_precision": round(top, 3),
                       "confidence_bottom_half_precision": round(bottom, 3), "dates": report.dates.as_dict(),
                       "models": report.models}, indent=2)


def _check_output(out: Path) -> None:
    """InputError when the output folder holds something other than a coder (it would be mixed with one)."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} exists and is not a folder: choose an empty or new folder")
    if out.exists() and any(out.iterdir()) and not (out / "coder.json").is_file():
        raise InputError(f"{out} exists and is not a coder folder: choose an empty or new folder")


def _check_folds(folds: int) -> None:
    """InputError for a --folds that is no number of folds (0 or 1: no cross-validation)."""
    if folds < 0:
        raise InputError(f"--folds must be 0 (no cross-validation) or at least 2, got {folds}")


def cmd_train(args) -> int:
    """``train``: fit a coder on every readable annotated article; a file with bad lines is refused (each bad
    line reported, exit 2, no coder written), and so are too few articles for training or for --folds."""
    from .training import check_enough_articles

    random.seed(args.seed)
    _check_folds(args.folds)
    out = Path(args.output)
    _check_output(out)
    started = time.monotonic()
    data = _annotated(args.data, Config.parse_model_args(args.model))
    if data.faults:
        report_faults(data.faults)
        return 2
    _keep_readable(data)
    hint = " (--folds 0 trains without cross-validation)" if args.folds > 1 else ""
    try:
        check_enough_articles(f"--folds {args.folds}", args.folds, len(data.rows), data.where)
    except InputError as exc:
        raise InputError(f"{exc}{hint}") from None
    arts, used, _ = _examples(data)
    meta = _train_meta(args, out, arts, used)
    if args.folds > 1:
        _cross_validate_into(meta, arts, args)
    _fit_and_write(meta, arts, args, out)
    meta["seconds"] = round(time.monotonic() - started, 1)
    (out / "coder.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    coder = _load_written(out)
    print(f"coder written to {out}: {coder.describe()}; threshold {coder.threshold}; {meta['seconds']:.0f} s")
    return 0


def _train_meta(args, out: Path, arts: list, used: dict[str, str]) -> dict:
    """What ``coder.json`` says of a coder before it is fitted: name, data, languages, models."""
    langs = sorted({a.lang for a in arts})
    return {"name": args.name or out.name, "diplokg": __version__, "seed": args.seed,
            "created": dt.date.today().isoformat(), "training_data": [Path(p).name for p in args.data],
            "articles": {lang: sum(a.lang == lang for a in arts) for lang in langs},
            "gold_events": sum(len(a.gold) for a in arts), "parsed_with": used, "languages": langs}


def _cross_validate_into(meta: dict, arts: list, args) -> None:
    """Cross-validate (``--folds``) and keep the figures with the coder; the table goes to stdout."""
    from .training import cross_validate

    print(f"cross-validating ({args.folds} folds) ...", file=sys.stderr)
    report = cross_validate(arts, args.folds, args.seed, event_head=args.event_head)
    meta["folds"] = args.folds
    meta["cross_validation"] = report.as_dict()
    print(cv_table(report))


def _fit_and_write(meta: dict, arts: list, args, out: Path) -> None:
    """Choose the keep-threshold and calibration, fit the heads on all articles and write them to ``out``."""
    from .training import choose_keep_rule, fit_heads

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


def _load_written(out: Path) -> LearnedCoder:
    """The coder just written, read back as extraction will read it."""
    from .extractors.coder import LearnedCoder

    return LearnedCoder(out)


def add_train_parser(sub) -> None:
    p = sub.add_parser("train", help="train the learned event coder on annotated articles (gold JSONL format)")
    p.add_argument("data", nargs="+", metavar="DATA.jsonl", help="annotated articles, as 'diplokg eval' reads them")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write the coder to")
    p.add_argument("--model", action="append", metavar="LANG=NAME_OR_PATH", help="spaCy pipeline per language")
    p.add_argument("--folds", type=int, default=5, help="cross-validation folds for the scores kept with the "
                   "coder (0 or 1: none; K folds need at least K articles and 2 in each training part)")
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
