"""Command line for the cases store.

    python -m bot.cases list [--json]
    python -m bot.cases show ID [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import List, Optional

from bot.cases import build_case_service, case_to_dict
from bot.validation import normalise_case_id


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m bot.cases", description="Inspect support cases.")
    commands = parser.add_subparsers(dest="command", required=True)
    list_cmd = commands.add_parser("list", help="every case, oldest first")
    list_cmd.add_argument("--json", action="store_true", help="print a JSON list")
    show_cmd = commands.add_parser("show", help="one case by its id (e.g. T-000123)")
    show_cmd.add_argument("case_id")
    show_cmd.add_argument("--json", action="store_true", help="print JSON (the default prints text)")
    args = parser.parse_args(argv)

    service = build_case_service()
    if args.command == "list":
        cases = [case_to_dict(case) for case in service.repository.list_all()]
        if args.json:
            print(json.dumps(cases, ensure_ascii=False, indent=2))
        else:
            for case in cases:
                print(f"{case['id']:<11} L{case['level']} {case['kind']:<11} {case['status']:<9} "
                      f"{case['priority']:<8} {case['created_at'][:16]}  {case['subject']}")
            print(f"{len(cases)} case(s)")
        return 0

    case_id = normalise_case_id(args.case_id)
    case = service.repository.get(case_id) if case_id else None
    if case is None:
        print(f"No case with id {args.case_id!r}.", file=sys.stderr)
        return 1
    data = case_to_dict(case)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        width = max(len(key) for key in data)
        for key, value in data.items():
            print(f"{key:<{width}}  {value if value is not None else '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
