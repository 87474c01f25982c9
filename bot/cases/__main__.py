"""Command line for the cases store.

    python -m bot.cases list [--json]
    python -m bot.cases show ID [--json]
    python -m bot.cases erase --email EMAIL   # one customer's cases and conversations, on request
    python -m bot.cases purge [--days N]      # the retention period (RETENTION_DAYS, default 365)
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import List, Optional

from bot.cases import build_case_service, case_to_dict
from bot.cases.privacy import erase_customer, purge_expired
from bot.cases.service import CaseService
from bot.conversations import ConversationStore
from bot.serving import log_privacy
from bot.serving.settings import ServingSettings
from bot.validation import normalise_case_id
from bot.text import stored_text_for_chat


def _privacy_command(args: argparse.Namespace, service: CaseService) -> int:
    """erase / purge: print what went, in words."""
    serving = ServingSettings.from_env()
    conversations = ConversationStore.from_url(serving.tracker_store_url)
    if args.command == "erase":
        try:
            erased = erase_customer(args.email, service.repository, conversations)
        except ValueError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        if not erased.cases and not erased.conversations:
            print(f"Nothing stored for {args.email}.")
            return 0
        print(f"Erased the data of {args.email}:")
        print(f"  {len(erased.cases)} case(s): {', '.join(erased.cases) or '-'}")
        print(f"  {len(erased.conversations)} conversation(s), {erased.events} event(s): "
              f"{', '.join(erased.conversations) or '-'}")
        return 0
    days = args.days if args.days is not None else serving.retention_days
    if days < 1:
        print("Retention is off (RETENTION_DAYS=0): nothing deleted.")
        return 0
    purged = purge_expired(days, service.repository, conversations)
    print(f"Retention {days} day(s), before {purged.cutoff:%Y-%m-%d %H:%M} UTC: "
          f"{purged.conversations} conversation(s) ({purged.events} event(s)) deleted, "
          f"personal data removed from {purged.cases_blanked} case(s).")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m bot.cases", description="Inspect support cases.")
    commands = parser.add_subparsers(dest="command", required=True)
    list_cmd = commands.add_parser("list", help="every case, oldest first")
    list_cmd.add_argument("--json", action="store_true", help="print a JSON list")
    show_cmd = commands.add_parser("show", help="one case by its id (e.g. T-000123)")
    show_cmd.add_argument("case_id")
    show_cmd.add_argument("--json", action="store_true", help="print JSON (the default prints text)")
    erase_cmd = commands.add_parser("erase", help="delete one customer's cases and conversations")
    erase_cmd.add_argument("--email", required=True, help="the customer's e-mail address")
    purge_cmd = commands.add_parser("purge", help="delete conversations and personal data past the retention period")
    purge_cmd.add_argument("--days", type=int, default=None, help="retention in days (default: RETENTION_DAYS)")
    args = parser.parse_args(argv)
    log_privacy.install(wrap_streams=False)
    logging.basicConfig(level=logging.WARNING)

    service = build_case_service()
    if args.command in ("erase", "purge"):
        return _privacy_command(args, service)
    if args.command == "list":
        cases = [case_to_dict(case) for case in service.repository.list_all()]
        if args.json:
            print(json.dumps(cases, ensure_ascii=False, indent=2))
        else:
            for case in cases:
                print(f"{case['id']:<11} L{case['level']} {case['kind']:<11} {case['status']:<9} "
                      f"{case['priority']:<8} {case['created_at'][:16]}  {stored_text_for_chat(case['subject'])}")
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
            # the terminal shows plain text: "R&amp;D" as typed; --json keeps the stored (escaped) text
            shown = stored_text_for_chat(value) if isinstance(value, str) else value
            print(f"{key:<{width}}  {shown if shown is not None else '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
