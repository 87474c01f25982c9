"""Command line for the agent desk.

    python -m bot.desk add-agent --email EMAIL --password PASSWORD [--name NAME]
    python -m bot.desk add-agent --email EMAIL --password -          # read the password from stdin
    python -m bot.desk list-agents
"""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional

from bot.desk import build_desk_service
from bot.desk.passwords import MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS
from bot.desk.service import DeskError

REASONS = {
    "bad_email": "that is not a valid e-mail address (write it like name@company.com, lower case)",
    "weak_password": f"a password needs {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters",
}


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m bot.desk", description="Manage the agents of the desk.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add-agent", help="create an agent, or reset that agent's password")
    add.add_argument("--email", required=True)
    add.add_argument("--password", required=True, help="the password, or - to read it from standard input")
    add.add_argument("--name", help="the name customers and colleagues see (default: the e-mail's user part)")
    commands.add_parser("list-agents", help="every agent with its availability")
    args = parser.parse_args(argv)

    service = build_desk_service()
    if args.command == "list-agents":
        for agent in service.agent_names().values():
            print(f"{agent.email:<40} {agent.name:<24} {'available' if agent.available else '-'}")
        return 0
    password = sys.stdin.readline().rstrip("\n") if args.password == "-" else args.password
    try:
        agent, created = service.add_agent(args.email, password, args.name)
    except DeskError as exc:
        print(f"Not saved: {REASONS.get(exc.code, exc.code)}.", file=sys.stderr)
        return 2
    print(f"{'Created' if created else 'Updated'} agent {agent.email} ({agent.name}). "
          "Sign in at http://localhost:8080/desk/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
