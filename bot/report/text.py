"""The report as plain text, for the terminal (the desk renders the same dictionary as HTML)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from bot.report.figures import LEVEL_NAMES


def _pct(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def as_text(report: Dict[str, Any]) -> str:
    """Every figure, one section each, in the order a support lead reads them."""
    conv = report["conversations"]
    lines: List[str] = [f"Support report {report['window']['since'][:16]} → {report['window']['until'][:16]} (UTC)", ""]
    lines.append(f"Conversations: {conv['total']}  (no support request: {conv['without_support_request']})")
    lines.append("  by channel:  " + ", ".join(f"{k} {n}" for k, n in conv["by_channel"]))
    lines.append("  by language: " + ", ".join(f"{k} {n}" for k, n in conv["by_language"]))
    defl = report["deflection"]
    lines += ["", f"Level-0 deflection: {defl['deflected']} of {defl['kb_conversations']} conversations that asked "
                  f"the knowledge base = {_pct(defl['rate'])}", "", "Resolution by level (highest level reached):"]
    for row in report["resolution"]:
        if row["level"] == 0:
            extra = f"answered {row['answered']}, deflected {row['resolved']}"
        elif row["level"] == 5:
            extra = f"handed to a person {row['handed_off']}"
        else:
            extra = f"cases {row['cases_opened']}, resolved {row['resolved']} ({_pct(row['resolution_rate'])})"
        lines.append(f"  {row['level']} {row['name']:<15} conversations {row['conversations']:>6}   {extra}")
    lines += ["", "Escalations:"]
    lines += [f"  {LEVEL_NAMES[r['from']]} → {LEVEL_NAMES[r['to']]}: {r['count']}"
              for r in report["escalations"]] or ["  none"]
    lines += ["", "SLA breaches (late, of which still open):"]
    for row in report["sla"]:
        first, res = row["first_response"], row["resolution"]
        lines.append(f"  {row['level']} {row['name']:<12} cases {row['cases']:>5}   first response {first['breached']}/"
                     f"{first['with_due']} ({first['still_open']} open)   resolution {res['breached']}/"
                     f"{res['with_due']} ({res['still_open']} open)")
    lines += ["", f"Satisfaction ({report['ratings']['total']} ratings, {report['ratings']['with_comment']} with a comment):"]
    for row in report["satisfaction"]:
        if row["ratings"]:
            lines.append(f"  {row['level']} {row['name']:<15} n={row['ratings']:<5} mean {row['mean']:.2f}   "
                         f"4–5: {_pct(row['satisfied'])}")
    gaps = report["kb_gaps"]
    lines += ["", f"Knowledge-base gaps: {gaps['questions']} questions ({gaps['abstained']} not answered, "
                  f"{gaps['unhelpful']} answered unhelpfully)"]
    lines += _themes(gaps["themes"])
    lines += ["", f"Suggestions: {report['suggestions']['total']}"] + _themes(report["suggestions"]["themes"])
    lines += [f"Note: {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def _themes(themes: List[Dict[str, Any]]) -> List[str]:
    lines = []
    for number, theme in enumerate(themes, 1):
        lines.append(f"  {number}. {theme['size']} messages, e.g.")
        lines += [f"       «{example}»" for example in theme["examples"]]
    return lines
