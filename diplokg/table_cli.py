"""``diplokg export --format events-csv|events-parquet`` and ``diplokg series``: the event table and
count series on the command line (thin layers over :mod:`diplokg.graph.event_table` and
:mod:`diplokg.graph.series`)."""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from .core.errors import InputError, SetupError

EVENT_FORMATS = ("events-csv", "events-parquet")


def require_analysis(what: str, *, parquet: bool = False) -> None:
    """A one-line error naming the ``analysis`` extra when pandas (or pyarrow for Parquet) is missing."""
    for module in ("pandas", "pyarrow") if parquet else ("pandas",):
        if importlib.util.find_spec(module) is None:
            raise SetupError(f"{what} needs {module}, part of the 'analysis' extra: "
                               "pip install 'diplokg[analysis]'")


def checked_range(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """``--from``/``--to`` as ``YYYY[-MM[-DD]]`` naming real dates, the first not after the second."""
    from .graph.rdf.render_filters import check_partial_date

    lo = check_partial_date("--from", date_from) if date_from else None
    hi = check_partial_date("--to", date_to) if date_to else None
    if lo and hi and lo[:len(hi)] > hi:
        raise InputError(f"--from {lo} is after --to {hi}")
    return lo, hi


def nothing_found(store, what: str, date_from: str | None, date_to: str | None, notices=()) -> InputError:
    """The one-line error of a table or series with no row: which range was asked and what was left out."""
    bounds = " ".join(f"{k} {v}" for k, v in (("from", date_from), ("to", date_to)) if v)
    detail = f" ({'; '.join(notices)})" if notices else ""
    return InputError(f"no {what}{' dated ' + bounds if bounds else ''} in {store.location}{detail}")


def export_events(args, store) -> int:
    """Write the event table of ``store`` as CSV or Parquet to ``-o`` or stdout."""
    from .graph.rdf.event_table import events_table, write_events_table

    require_analysis(f"--format {args.format}", parquet=args.format == "events-parquet")
    lo, hi = checked_range(args.date_from, args.date_to)
    df = events_table(store, date_from=lo, date_to=hi)
    if df.empty:
        raise nothing_found(store, "events", lo, hi)
    fmt = args.format.removeprefix("events-")
    if args.output:
        write_events_table(df, Path(args.output), fmt)
        print(f"{len(df)} events written to {Path(args.output).resolve()} ({fmt})", file=sys.stderr)
    else:
        write_events_table(df, sys.stdout.buffer if fmt == "parquet" else sys.stdout, fmt)
    return 0


def check_rdf_export(args) -> None:
    """``--from``/``--to`` cut the event table only; an RDF export is the whole store."""
    if args.format not in EVENT_FORMATS and (args.date_from or args.date_to):
        raise InputError(f"--from/--to apply to the event table formats ({', '.join(EVENT_FORMATS)}), "
                         f"not to --format {args.format}")


def cmd_series(args) -> int:
    """``diplokg series``: a count series as CSV on stdout or in ``-o``."""
    from .config import Config
    from .graph.rdf.opening import open_for_reading
    from .graph.rdf.series import check_options, series_table

    by, freq, metric = check_options(args.by, args.freq, args.metric)
    lo, hi = checked_range(args.date_from, args.date_to)
    store = open_for_reading(args.store or Config().store)
    # plain rows to CSV: importing pandas alone would take longer than the whole command should
    table = series_table(store, by, freq, metric, date_from=lo, date_to=hi, source=args.source, target=args.target,
                         actor=args.actor, root=args.root)
    if not table.rows:
        raise nothing_found(store, f"events to count by {by} per {freq}", lo, hi, table.notices)
    for notice in table.notices:
        print(f"notice: {notice}", file=sys.stderr)
    text = table.to_csv()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"{len(table.rows)} rows written to {Path(args.output).resolve()}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def add_series_parser(sub) -> None:
    """The ``series`` subcommand (values of --by/--freq/--metric checked by the command: one-line errors)."""
    from .graph.rdf.series import SERIES_BY, SERIES_FREQS, SERIES_METRICS

    p = sub.add_parser("series", help="count series (events, mean Goldstein or QuadClass counts per dyad, actor, "
                                      "CAMEO root or country dyad per day, week or month) as CSV",
                       formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--by", default="dyad", help=f"what to count per: {', '.join(SERIES_BY)}")
    p.add_argument("--freq", default="M", help="period: " + ", ".join(f"{k} ({v})" for k, v in SERIES_FREQS.items()))
    p.add_argument("--metric", default="events", help=f"what to count: {', '.join(SERIES_METRICS)}")
    p.add_argument("--from", dest="date_from", help="events dated on or after YYYY[-MM[-DD]]")
    p.add_argument("--to", dest="date_to", help="events dated on or before YYYY[-MM[-DD]]")
    p.add_argument("--source", help="only this source: an actor (QID, IRI or name) for --by dyad, a country "
                                    "(ISO3 such as RUS, QID or IRI) for --by country-dyad")
    p.add_argument("--target", help="only this target (as --source)")
    p.add_argument("--actor", help="only this actor (QID, IRI or name) for --by actor")
    p.add_argument("--root", help="only this CAMEO root (e.g. 04) for --by root")
    p.add_argument("-o", "--output", help="CSV file to write (default: stdout)")
    p.add_argument("--store", help="store folder or SPARQL endpoint URL (default: $DIPLOKG_STORE or ./diplokg-data)")
    p.set_defaults(func=cmd_series)
