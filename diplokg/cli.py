"""The ``diplokg`` command line: ingest, extract, query, render, stats, export, series, load, remove, models, demo.

Each subcommand is a thin layer over the Python API (:mod:`diplokg.pipeline`,
:mod:`diplokg.ingest`, :mod:`diplokg.graph`).
"""
from __future__ import annotations

import argparse
import errno
import math
import json
import os
import sys
import time
import traceback
from pathlib import Path

from . import __version__
from .coder_cli import add_event_head_argument, add_train_parser
from .config import DEFAULT_STORE, Config
from .core.errors import DiplokgError, InputError
from .table_cli import add_series_parser

EXAMPLES = Path(__file__).parent / "examples"
BUG_REPORTS = "https://github.com/diplokg/diplokg/issues"


def _config(args) -> Config:
    cfg = Config()
    cfg.models = Config.parse_model_args(getattr(args, "model", None))
    if getattr(args, "store", None):
        cfg.store = args.store
    lang = getattr(args, "lang", None)
    cfg.lang = None if lang in (None, "auto") else lang
    cfg.date = getattr(args, "date", None)
    cfg.coder = getattr(args, "coder", None)
    cfg.min_confidence = getattr(args, "min_confidence", None)
    return cfg


def _extraction_config(args) -> Config:
    """The config of a command that extracts events, with its models checked once, up front."""
    from .extractors.nlp import check_models

    cfg = _config(args)
    check_models(cfg.models)
    if cfg.coder not in (None, "", "rules", "default"):
        from .extractors.coder import load_coder
        load_coder(cfg.coder)              # a folder that is no coder is one error before any article is read
    if cfg.min_confidence is not None and not 0.0 <= cfg.min_confidence <= 1.0:
        raise InputError(f"--min-confidence wants a probability between 0 and 1, got {cfg.min_confidence}")
    return cfg


def _open_store(args, *, write: bool = False, finish_pending: bool = True, create: bool = True):
    """The store a command names: read commands get an existing one (embedded: read-only) with current
    summaries; write commands one they may create (``create``), with a one-line error when another
    process holds it."""
    from .graph.rdf.opening import open_for_reading, open_for_writing

    spec = _config(args).store
    if write:
        return open_for_writing(spec, finish_pending=finish_pending, create=create)
    return open_for_reading(spec)


def _whole_number(text: str, what: str = "a whole number") -> int:
    """``text`` as an int, else the argparse error saying what was wanted."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"wants {what}, got {text!r}") from None


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1 (batch sizes, worker and thread counts, caps).

    >>> positive_int("4")
    4
    """
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def port_number(text: str) -> int:
    """argparse type: a TCP port (0 lets the system pick a free one)."""
    value = _whole_number(text, "a port number")
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 0 to 65535, got {value}")
    return value


def fold_count(text: str) -> int:
    """argparse type: the K of K-fold cross-validation (at least 2)."""
    value = positive_int(text)
    if value < 2:
        raise argparse.ArgumentTypeError(f"K-fold cross-validation needs K of at least 2, got {value}")
    return value


def _add_store(p) -> None:
    p.add_argument("--store", help=f"store folder or SPARQL endpoint URL (default: $DIPLOKG_STORE or ./{DEFAULT_STORE})")


def _store_command(p, func) -> None:
    """A subcommand that works on a store: its --store option and the function that runs it."""
    _add_store(p)
    p.set_defaults(func=func)


def _add_extract_opts(p) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (.txt .md .html .jsonl .csv)")
    p.add_argument("--lang", default="auto", choices=["auto", "de", "en"], help="language of items that do not say")
    p.add_argument("--date", help="publication date (YYYY-MM-DD) of items that do not say")
    p.add_argument("--model", action="append", metavar="LANG=NAME_OR_PATH",
                   help="spaCy pipeline per language, e.g. de=de_core_news_md or de=path/to/model; 'rules' for none")
    _add_coder_opts(p)


def _add_coder_opts(p) -> None:
    p.add_argument("--coder", metavar="DIR|rules", help="event coder: a folder written by 'diplokg train', or "
                   "'rules' for the rule tier (default: the coder shipped with diplokg, when a spaCy model is used)")
    p.add_argument("--min-confidence", type=float, metavar="P", help="keep only events whose confidence is at "
                   "least P (default: the coder's own threshold; 'diplokg models' shows the precision each level buys)")


def cmd_ingest(args) -> int:
    from .ingest import ingest
    from .pipeline import Extractor

    cfg = _extraction_config(args)
    cfg.progress = not args.quiet and (args.progress or sys.stderr.isatty())
    cfg.write_batch_size = args.batch_size
    cfg.workers = max(1, args.workers if args.workers is not None else (os.cpu_count() or 1))
    if args.dask:
        from .distributed import ingest_dask

        summary = ingest_dask(args.paths, args.dask, cfg)
    else:
        store = _open_store(args, write=True)
        summary = ingest(args.paths, store, Extractor(cfg))
        store.close()
    print(summary.line())
    if args.log_file and summary.errors:
        Path(args.log_file).write_text("\n".join(summary.errors) + "\n", encoding="utf-8")
    if summary.errors:
        return 1
    return _nothing_readable(summary.skipped, args.paths) if not (summary.articles or summary.unchanged) else 0


def _nothing_readable(skipped: int, paths: list[str]) -> int:
    """Exit status of a run that read no article, or skipped every one: an error, not an empty answer
    with exit 0."""
    if not skipped:
        shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        print(f"error: no article in {shown} (empty, or no .txt .md .html .jsonl .csv file in it)", file=sys.stderr)
        return 1
    from .extractors.language import SUPPORTED

    print(f"error: none of the {skipped} article(s) is in a supported language ({', '.join(SUPPORTED)}); "
          f"--lang sets the language of items that do not give one", file=sys.stderr)
    return 1


def _print_notice(message: str) -> None:
    print(f"notice: {message}", file=sys.stderr)


def cmd_extract(args) -> int:
    from .extractors.articles import ReadError, read_articles
    from .ontology.scheme import cameo_info
    from .pipeline import Extractor

    cfg = _extraction_config(args)
    extractor = Extractor(cfg)
    failures = 0

    def articles():
        nonlocal failures
        for item in read_articles(args.paths, lang=cfg.lang, date=cfg.date, on_notice=_print_notice):
            if isinstance(item, ReadError):
                failures += 1
                print(f"error: {item}", file=sys.stderr)
            else:
                yield item

    shown = read = skipped = 0
    for result in extractor.pipe(articles()):
        while shown < len(extractor.notices):
            print(f"notice: {extractor.notices[shown]}", file=sys.stderr)
            shown += 1
        if result.skipped:
            print(f"skipped: {result.article.origin or result.article.id}: {result.skipped}", file=sys.stderr)
            skipped += 1
            continue
        read += 1
        if result.error:
            failures += 1
            print(f"error: {result.article.origin or result.article.id}: {result.error}", file=sys.stderr)
        for ev in result.events:
            if args.format == "jsonl":
                print(json.dumps(ev.to_json(cameo_info), ensure_ascii=False))
            else:
                tgt = ev.target.name if ev.target else "—"
                flags = "".join(f for f, on in (("R", ev.reported), ("N", ev.negated)) if on)
                print(f"{ev.article_id}\t{ev.source.name}\t{ev.relation} ({ev.cameo})\t{tgt}\t"
                      f"{ev.event_date or ''}\t{flags}\t{ev.confidence:.2f}\t{ev.sentence[:80]}")
    if failures:
        return 1
    return 0 if read else _nothing_readable(skipped, args.paths)


def cmd_query(args) -> int:
    from .graph.rdf.deadline import Timeout, call_with_timeout
    from .graph.rdf.query import answer_query, format_result, load_query, parse_params

    if args.list:
        _list_named_queries()
        return 0
    if args.level != "actor" and not args.name:
        raise ValueError("--level needs a named query (--name); see --list for the levels each one has")
    if args.name:
        text, label = load_query(args.name, args.level), f"query {args.name!r}"
    elif args.file:
        text, label = _read_query_file(args.file), args.file
    elif args.sparql:
        text, label = args.sparql, "the query"
    else:
        print("error: give a SPARQL query, -f FILE.rq or --name NAME (see --list)", file=sys.stderr)
        return 2
    if not math.isfinite(args.timeout) or args.timeout <= 0:     # nan would switch the limit off
        raise InputError(f"--timeout must be a positive, finite number of seconds, got {args.timeout:g}")
    given = parse_params(args.param)
    if args.inline:
        return _print_inline(text, given, label, declared=bool(args.name))
    store = _open_store(args)          # it exists and its summaries are current (or the command to run is named)
    if args.name and not store.stats().get("events"):     # a named query reads events: none is a wrong store
        raise InputError(f"no events in {store.location}: nothing for {label} to read (ingest or load articles "
                         "first, or check --store)")
    del store
    try:
        result = call_with_timeout(answer_query, (_config(args).store, text, given, label, bool(args.name),
                                                  args.timeout), args.timeout)
    except Timeout:
        print(f"error: query stopped after {args.timeout:g} s (--timeout); add a LIMIT, narrow the pattern "
              "or allow more time with --timeout SECONDS", file=sys.stderr)
        return 2
    print(format_result(result, args.format))
    return 0


def _read_query_file(path: str) -> str:
    """The text of ``query -f FILE``; a file that is not UTF-8 is the user's mistake, told in one line."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _list_named_queries() -> None:
    """``query --list``: every named query, its purpose and its typed parameters."""
    from .graph.rdf.query import named_queries, query_levels, query_parameters

    levels = query_levels()
    for name, doc in named_queries().items():
        print(f"{name:16} {doc}")
        if name in levels:
            print(f"{'':18}--level {' | '.join(['actor', *levels[name]])}")
        for spec in query_parameters(name):
            print(f"{'':18}--param {spec.describe()}" + (f" — {spec.doc}" if spec.doc else ""))


def _print_inline(text: str, given: dict[str, str], label: str, *, declared: bool) -> int:
    """``query --inline``: the single query with its checked parameters in, for another client."""
    from .graph.rdf.actor_names import iri_of_form
    from .graph.rdf.query import checked_bindings
    from .graph.rdf.steps import inline_steps
    from .graph.rdf.store import PREFIX_BLOCK, bind_values

    def actor_without_store(name: str, value: str) -> str:
        iri = iri_of_form(value)
        if iri is None:
            raise InputError(f"{name}={value!r}: --inline does not read the store, so give the actor as a QID "
                             "(Q7747), wd:QID or IRI")
        return iri

    bindings = checked_bindings(text, given, label, declared=declared, resolve_actor=actor_without_store)
    print(PREFIX_BLOCK + bind_values(inline_steps(text), bindings))
    return 0


def cmd_render(args) -> int:
    from .graph.network.build import filter_events
    from .graph.network.levels import roll_up
    from .graph.network.render import output_format, render_html, write_graph_file
    from .graph.rdf.query import selected_event_rows
    from .graph.rdf.render_filters import capped_notice, check_actor_known, check_filters, nothing_kept_message

    out = Path(args.output)
    fmt = output_format(out, args.format)
    store = _open_store(args)
    filters = check_filters({k: v for k, v in {
        "actor": args.actor, "depth": args.depth, "date_from": args.date_from, "date_to": args.date_to,
        "cameo_root": args.cameo_root, "quad_class": args.quad_class, "plover_type": args.plover_type,
        "min_support": args.min_support, "lang": args.lang, "top": args.top, "max_events": args.max_events
    }.items() if v is not None})
    top = filters.pop("top", None)
    max_events = filters.pop("max_events")
    if "actor" in filters:
        check_actor_known(store, filters["actor"])
    # read only the events these filters can keep (through the month summary nodes), then filter exactly;
    # at country or sector level an actor's network is that of its country: read by dates and code only
    pre = ("date_from", "date_to", "cameo_root") + (("actor", "depth") if args.level == "actor" else ())
    rows, chosen = selected_event_rows(store, max_events=max_events or None,
                                       **{k: v for k, v in filters.items() if k in pre})
    if chosen is not None and chosen.date_from:
        filters["date_from"] = chosen.date_from
        print(capped_notice(max_events, chosen.date_from), file=sys.stderr)
    leveled = roll_up(rows, args.level)
    rows = leveled.rows
    if leveled.notice():
        print(f"notice: {leveled.notice()}", file=sys.stderr)
    if not filter_events(rows, **filters):
        raise InputError(nothing_kept_message(store, filters))
    if fmt in ("gexf", "graphml"):
        write_graph_file(rows, out, format=fmt, top=top, **filters)
    else:
        render_html(rows, out, title=args.title, color_by=args.color_by, size_by=args.size_by, top=top,
                    **filters)
    print(f"network written to {out.resolve()}")
    return 0


def cmd_stats(args) -> int:
    store = _open_store(args)
    stats = store.stats(exact=args.exact)
    if args.format == "json":
        print(json.dumps(stats))
    else:
        print(f"store: {store.location}")
        for key, value in stats.items():
            print(f"{key:10} {value}")
    return 0


def cmd_export(args) -> int:
    from .table_cli import EVENT_FORMATS, check_rdf_export, export_events

    check_rdf_export(args)
    store = _open_store(args)
    if args.format in EVENT_FORMATS:
        return export_events(args, store)
    data = store.export(args.format, ontology=not args.no_ontology)
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"{args.format} written to {Path(args.output).resolve()}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_remove(args) -> int:
    store = _open_store(args, write=True, create=False)
    failures = 0
    for article_id in args.article_ids:
        n = store.remove_article(article_id)
        if n:
            print(f"removed {article_id}: {n} quads")
        else:
            failures += 1
            print(f"error: no article {article_id!r} in {store.location}", file=sys.stderr)
    return 1 if failures else 0


def cmd_rebuild_summaries(args) -> int:
    store = _open_store(args, write=True, finish_pending=False, create=False)
    t0 = time.perf_counter()
    store.rebuild_summaries()
    print(f"summary nodes rebuilt from the events in {store.location} ({time.perf_counter() - t0:.1f} s)")
    return 0


def cmd_load(args) -> int:
    from .graph.rdf.bulk import load_files

    spec = str(_config(args).store)
    new_folder = "://" not in spec and not Path(spec).exists()
    store = _open_store(args, write=True, finish_pending=False)      # the load finishes what an earlier one left
    mode = "skip" if args.no_summaries else ("rebuild" if args.rebuild_summaries else "auto")
    report = load_files(store, args.files, threads=args.threads, lenient=args.lenient, summaries_mode=mode,
                        optimize=not args.no_optimize, progress=lambda r: print(r.line(), file=sys.stderr if r.error else sys.stdout, flush=True))
    store.close()
    ok = len(report.files) - len(report.errors)
    rate = f", {report.quads / report.seconds:,.0f} quads/s" if report.quads and report.seconds > 0 else ""
    print(f"{ok} of {len(report.files)} files loaded into {store.location} ({report.quads:,} quads counted) "
          f"in {report.seconds:.1f} s{rate}; summary nodes: {report.summary}"
          + (f" ({report.summary_seconds:.1f} s)" if report.summary not in ("none", "skipped") else "")
          + (f"; store compacted in {report.optimize_seconds:.1f} s" if report.optimize_seconds is not None else ""))
    if new_folder and report.errors and ok == 0:                 # nothing loaded: leave no empty store behind
        import gc
        import shutil
        del store                     # the database writes its last files when it is dropped, so drop it first
        gc.collect()
        shutil.rmtree(spec, ignore_errors=True)
        print(f"notice: nothing was loaded, so no store was left at {spec}", file=sys.stderr)
    return 1 if report.errors else 0


def cmd_models(args) -> int:
    from .extractors.language import SUPPORTED
    from .extractors.nlp import INSTALL_HINT, check_model_languages, resolve_model
    from .pipeline import coder_plan

    models = Config.parse_model_args(args.model)
    check_model_languages(models)
    failed, without = 0, []
    for lang in SUPPORTED:
        try:
            choice = resolve_model(lang, models.get(lang))
            print(choice.describe())
            if choice.is_rule_tier and models.get(lang) != "rules":
                without.append(lang)
        except ValueError as exc:
            failed += 1
            without.append(lang)
            print(f"{lang}: error — {exc}")
    print(coder_plan(getattr(args, "coder", None), models))
    if without:                       # the hint only where a language has no pipeline the user did not ask for
        print("\nInstall an official pipeline with pip, e.g.:")
        for lang in without:
            print(f"  {lang}: {INSTALL_HINT[lang]}")
        print(f"or point to a pipeline folder: --model {without[0]}=PATH or DIPLOKG_MODEL_{without[0].upper()}=PATH")
    return 1 if failed else 0


def cmd_serve(args) -> int:
    from .graph.rdf.opening import check_exists
    from .graph.serve.server import serve

    check_exists(_config(args).store)
    serve(_config(args).store, host=args.host, port=args.port, timeout=args.timeout, max_results=args.max_results,
          max_bytes=args.max_bytes, cors=tuple(args.cors or ()), allowed_hosts=tuple(args.allow_host or ()))
    return 0


def cmd_eval(args) -> int:
    """Score extraction (or, with ``--cv``, the learned coder) against gold files; see coder_cli.run_eval."""
    from .coder_cli import run_eval
    from .gold_file import format_description

    if args.format_help:
        print(format_description())
        return 0
    if not args.gold:
        raise InputError("give the gold file: diplokg eval GOLD.jsonl (its format: diplokg eval --format-help)")
    return run_eval(args, _extraction_config)


def cmd_demo(args) -> int:
    """Ingest the bundled example articles and render their network."""
    from .graph.rdf.query import event_rows
    from .graph.network.render import render_html
    from .graph.rdf.store import open_store
    from .ingest import ingest
    from .pipeline import Extractor

    cfg = _extraction_config(args)
    store = open_store(cfg.store)
    summary = ingest([EXAMPLES], store, Extractor(cfg), progress=False)
    print(summary.line())
    out = Path(args.output)
    render_html(event_rows(store), out, title="diplokg example articles")
    print(f"graph stored in   {Path(str(store.location)).resolve() if '://' not in str(store.location) else store.location}")
    print(f"network written to {out.resolve()}")
    print(f"next: diplokg query --name top-dyads --store {cfg.store}")
    return 1 if summary.errors else 0


def _add_extraction_commands(sub) -> None:
    """The subcommands that read articles: ingest (into the store) and extract (to stdout)."""
    p = sub.add_parser("ingest", help="extract events from articles and store them")
    _add_extract_opts(p)
    _add_store(p)
    p.add_argument("--batch-size", type=positive_int, default=50, help="articles per store write batch")
    p.add_argument("--workers", type=positive_int, help="extraction processes (default: all cores; small inputs use one)")
    p.add_argument("--dask", metavar="SCHEDULER_ADDRESS",
                   help="extract on a Dask cluster (e.g. tcp://10.0.0.5:8786); results go to --store")
    p.add_argument("--log-file", help="write one line per failed item to this file")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--progress", action="store_true",
                   help="show the progress bar (articles/s, ETA) even when stderr is not a terminal")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("extract", help="print the events of articles without storing them")
    _add_extract_opts(p)
    p.add_argument("--format", choices=["jsonl", "table"], default="jsonl")
    p.set_defaults(func=cmd_extract)


def _add_reading_commands(sub) -> None:
    """The subcommands that read the store: query, render, stats, export."""
    p = sub.add_parser("query", help="run a SPARQL query (text, file or named) over the store")
    p.add_argument("sparql", nargs="?", help="the query text")
    p.add_argument("-f", "--file", help="read the query from a .rq file")
    p.add_argument("--name", help="run a named query (see --list)")
    p.add_argument("--param", action="append", metavar="NAME=VALUE",
                   help="a parameter of the query (names and types: --list); bound as an RDF term, never spliced")
    p.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="stop a query running longer than this (default 60)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--level", choices=["actor", "country", "sector"], default="actor",
                   help="with --name: the query's country or sector version (persons and agencies counted for "
                        "their country; --list shows which queries have one)")
    p.add_argument("--inline", action="store_true",
                   help="print the query as one SPARQL query (prefixes and parameters in, steps nested) "
                        "for YASGUI or another client, instead of running it")
    _store_command(p, cmd_query)

    p = sub.add_parser("render", help="write the actor network as an offline HTML page (or GEXF/GraphML)")
    p.add_argument("-o", "--output", required=True, help="output file (.html, .gexf, .graphml)")
    p.add_argument("--format", choices=["html", "gexf", "graphml"],
                   help="output format (default: from the -o extension)")
    p.add_argument("--title")
    p.add_argument("--actor", help="ego network of this actor (label, QID or IRI)")
    p.add_argument("--depth", type=int, help="ego network depth (default 1)")
    p.add_argument("--from", dest="date_from", help="events on or after YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="events on or before YYYY-MM-DD")
    p.add_argument("--cameo-root", help="only this CAMEO root, e.g. 04")
    p.add_argument("--quad-class", type=int, choices=[1, 2, 3, 4])
    p.add_argument("--plover-type", help="only this PLOVER type, e.g. CONSULT")
    p.add_argument("--min-support", type=int, help="edges with at least this many supporting events")
    p.add_argument("--lang", choices=["de", "en"], help="only evidence in this language")
    p.add_argument("--top", type=int, help="keep the N most connected actors")
    p.add_argument("--max-events", type=int, default=1000, metavar="N",
                   help="read at most about N events: when the selection holds more, draw the newest days "
                        "that fit and say from which day (default 1000; 0: no limit)")
    p.add_argument("--level", choices=["actor", "country", "sector"], default="actor",
                   help="country: persons and agencies drawn as their country (country-country dyads); sector: "
                        "as country + sector (RUSGOV, RUSMIL); actors without a known country stay as they are")
    p.add_argument("--color-by", choices=["goldstein", "quadclass"], default="goldstein")
    p.add_argument("--size-by", choices=["degree", "events"], default="degree")
    _store_command(p, cmd_render)

    p = sub.add_parser("stats", help="counts of articles, events, evidence and actors in the store")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--exact", action="store_true",
                   help="also count every quad (walks the whole store: seconds per million events)")
    _store_command(p, cmd_stats)

    p = sub.add_parser("export", help="serialize the store (turtle, trig, nquads, json-ld) or write its event "
                                      "table, one row per event (events-csv, events-parquet; docs/event-table.md)")
    p.add_argument("--format", choices=["turtle", "trig", "nquads", "json-ld", "events-csv", "events-parquet"],
                   default="trig")
    p.add_argument("-o", "--output", help="file to write (default: stdout)")
    p.add_argument("--no-ontology", action="store_true",
                   help="leave out the ontology graph (CAMEO/PLOVER scheme, relation properties), which an "
                        "export includes so that it validates and answers the README's queries alone")
    p.add_argument("--from", dest="date_from", help="event table: events dated on or after YYYY[-MM[-DD]]")
    p.add_argument("--to", dest="date_to", help="event table: events dated on or before YYYY[-MM[-DD]]")
    _store_command(p, cmd_export)


def _add_store_commands(sub) -> None:
    """The subcommands that change the store in place: remove, rebuild-summaries, load."""
    p = sub.add_parser("remove", help="remove articles (everything they contributed) from the store")
    p.add_argument("article_ids", nargs="+", metavar="ARTICLE_ID")
    _store_command(p, cmd_remove)

    p = sub.add_parser("rebuild-summaries",
                       help="recompute the summary nodes (counts per dyad, actor, CAMEO code and month) from the "
                            "events, after loading data by other means (bulk N-Quads, another tool)")
    _store_command(p, cmd_rebuild_summaries)

    p = sub.add_parser("load", help="bulk-load RDF dataset files (N-Quads, TriG, JSON-LD; .gz too), e.g. another "
                                    "store's export; each file whole or not at all; after an interruption the "
                                    "same command skips the files already in and finishes the summaries")
    p.add_argument("files", nargs="+", metavar="FILE", help=".nq .trig .jsonld, optionally .gz")
    p.add_argument("--threads", type=positive_int, help="files loaded at once on the embedded store (default: all cores)")
    p.add_argument("--lenient", action="store_true",
                   help="skip IRI validation while parsing (faster; only for files known to be valid)")
    p.add_argument("--no-optimize", action="store_true",
                   help="do not compact the embedded store afterwards (queries are slower until it is)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--no-summaries", action="store_true",
                   help="leave the summary nodes alone (run rebuild-summaries after the last load)")
    g.add_argument("--rebuild-summaries", action="store_true",
                   help="recompute all summary nodes afterwards (default: only the months the files touch, "
                        "or all of them after a load into an empty store)")
    _store_command(p, cmd_load)


def _add_tool_commands(sub) -> None:
    """The subcommands around the store and the models: models, serve, eval, train, demo."""
    p = sub.add_parser("models", help="which spaCy pipeline and event coder each language will use, and why")
    p.add_argument("--model", action="append", metavar="LANG=NAME_OR_PATH")
    p.add_argument("--coder", metavar="DIR|rules", help="event coder folder (default: the shipped one)")
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("serve", help="read-only SPARQL 1.1 endpoint over the store (updates refused)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=port_number, default=7879)
    p.add_argument("--timeout", type=float, default=30.0, help="seconds before a query is cancelled")
    p.add_argument("--max-results", type=positive_int, default=10000, help="cap on result rows per query")
    p.add_argument("--max-bytes", type=positive_int, default=64 * 1024 * 1024,
                   help="cap on the bytes of one answer (default 64 MiB); cut at the last whole row")
    p.add_argument("--allow-host", action="append", metavar="NAME",
                   help="a host name clients may reach the server by besides 127.0.0.1, localhost and the bound "
                        "address (the Host header is checked, so a web page cannot reach the endpoint through "
                        "DNS rebinding); repeat for several")
    p.add_argument("--cors", action="append", metavar="ORIGIN",
                   help="let web pages from ORIGIN (e.g. https://yasgui.triply.cc) query the endpoint; repeatable")
    _store_command(p, cmd_serve)

    p = sub.add_parser("eval", help="precision/recall/F1 of events and actors against a gold JSONL file")
    p.add_argument("gold", nargs="*", help="gold JSON-lines file (its format: --format-help); several with --cv")
    p.add_argument("--format-help", action="store_true",
                   help="print the gold file format (shipped as diplokg/gold_format.md) and exit")
    p.add_argument("--predictions", help="write the predictions in the same format to this file")
    p.add_argument("--model", action="append", metavar="LANG=NAME_OR_PATH")
    p.add_argument("--cv", type=fold_count, metavar="K", help="train the learned coder and score it by K-fold "
                   "cross-validation by article over the given annotated files (no coder is read or written)")
    p.add_argument("--seed", type=int, default=0, help="seed of the fold split (--cv)")
    add_event_head_argument(p)
    _add_coder_opts(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_eval)

    add_train_parser(sub)
    add_series_parser(sub)

    p = sub.add_parser("demo", help="ingest the bundled example articles and render their network")
    p.add_argument("-o", "--output", default="diplokg-network.html")
    p.add_argument("--model", action="append", metavar="LANG=NAME_OR_PATH")
    _store_command(p, cmd_demo)

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="diplokg", description="Diplomatic news to a knowledge graph of "
                                     "CAMEO-coded events (RDF, SPARQL, HTML networks).")
    parser.add_argument("--version", action="version", version=f"diplokg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_extraction_commands(sub)
    _add_reading_commands(sub)
    _add_store_commands(sub)
    _add_tool_commands(sub)
    return parser


def os_error_line(exc: OSError) -> str:
    """An OSError as a line naming the path and what is wrong with it, in words (not ``[Errno 17] File
    exists`` for a folder path that runs through a file).

    >>> os_error_line(FileNotFoundError(2, "No such file or directory", "/tmp/nowhere/x.html"))
    '/tmp/nowhere/x.html: no such file or folder'
    """
    name = exc.filename
    if name is None:
        return str(exc)
    blocked = next((p for p in [Path(name), *Path(name).parents] if p.is_file()), None)
    if isinstance(exc, (FileExistsError, NotADirectoryError)) and blocked is not None:
        where = "" if str(blocked) == str(name) else f"cannot use {name}: "
        return f"{where}{blocked} is a file, not a folder"
    reasons = {errno.ENOENT: "no such file or folder", errno.EACCES: "permission denied",
               errno.EROFS: "read-only file system", errno.ENOSPC: "no space left on the device",
               errno.EISDIR: "is a folder, not a file"}
    return f"{name}: {reasons.get(exc.errno, (exc.strerror or str(exc)).lower())}"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``diplokg`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:                          # the reader went away (| head): stop quietly, like git
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())        # so the final flush at exit does not fail again
        return 141
    except (DiplokgError, OSError) as exc:          # the user's input, model, store or machine: one line
        print(f"error: {os_error_line(exc) if isinstance(exc, OSError) else exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception:                                # anything else is a bug in diplokg: show where it is
        traceback.print_exc()
        print(f"diplokg {__version__}: this is a bug, please report it with the command and the lines above: "
              f"{BUG_REPORTS}", file=sys.stderr)
        return 70                                    # EX_SOFTWARE
