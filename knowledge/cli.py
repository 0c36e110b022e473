"""`run_bot.py kb …`: validate, import, synth, geocode, reload.

Heavy imports stay inside the handlers so `run_bot.py --help` is instant.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    kb = subparsers.add_parser("kb", help="station knowledge base: validate, import, synth, geocode, reload")
    sub = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND")
    kb.set_defaults(func=lambda args: (kb.print_help(), 2)[1])

    p = sub.add_parser("validate", help="check stations.yaml; one line per problem, exit 1 on errors")
    p.add_argument("path", nargs="?", help="station file (default: STATIONS_PATH or knowledge/stations.yaml)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("import", help="a union's CSV export → validated station YAML (GCJ-02)")
    p.add_argument("file", help="CSV file (UTF-8 or GBK)")
    p.add_argument("--out", help="YAML to write (default: FILE with .yaml)")
    p.add_argument("--coords", choices=("wgs84", "gcj02", "bd09"),
                   help="coordinate system of every row (default: each row's 坐标系/coord_system column)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("synth", help="write a synthetic national dataset for benchmarks (never commit it)")
    p.add_argument("--count", type=int, default=190_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("geocode", help="fill approximate coordinates from addresses via Amap (needs AMAP_KEY)")
    p.add_argument("path", nargs="?")
    p.add_argument("--out")
    p.set_defaults(func=cmd_geocode)

    p = sub.add_parser("reload", help="tell every running server process to reload the station file")
    p.set_defaults(func=cmd_reload)


def _default_path(path: str | None) -> Path:
    if path:
        return Path(path)
    from bot.config import Config
    return Config.from_env().stations_path


def cmd_validate(args: argparse.Namespace) -> int:
    from knowledge.loader import validate
    path = _default_path(args.path)
    stations, errors = validate(path)
    if errors:
        for e in errors:
            print(e)
        print(f"{len(errors)} problem(s) in {path}", file=sys.stderr)
        return 1
    approx = sum(s.approximate for s in stations)
    print(f"{path}: {len(stations)} stations OK ({approx} with approximate coordinates)")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from knowledge.importer import import_csv
    src = Path(args.file)
    if not src.is_file():
        print(f"error: {src}: no such file", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else src.with_suffix(".yaml")
    try:
        result = import_csv(src, out, coords_system=args.coords)
    except (OSError, ValueError, UnicodeError) as e:
        print(f"error: {src}: {e}", file=sys.stderr)
        return 2
    for row, why in result.rejected:
        print(f"{src}: row {row}: {why}")
    print(f"{len(result.stations)} station(s) written to {out}; {len(result.rejected)} row(s) not taken")
    if not result.stations:
        return 2
    return 1 if result.rejected else 0


def cmd_synth(args: argparse.Namespace) -> int:
    if args.count < 1:
        print("error: --count must be at least 1", file=sys.stderr)
        return 2
    from knowledge.synth import write_synthetic
    write_synthetic(args.out, args.count, args.seed)
    print(f"{args.count} synthetic stations written to {args.out}")
    return 0


def cmd_geocode(args: argparse.Namespace) -> int:
    from bot.ops.kb_geocode import main
    return int(main(args) or 0)


def cmd_reload(args: argparse.Namespace) -> int:
    from bot.config import Config
    from knowledge.source import request_reload
    return int(request_reload(Config.from_env()) or 0)   # it prints what it did
