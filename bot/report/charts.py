"""The report's charts as PNG images (matplotlib, drawn off-screen).

One function per chart, each taking the report dictionary, so the CLI writes them as files
and the desk shows them inline. matplotlib is imported on first use only; without it
`available()` is False and the report is text and tables alone.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any, Callable, Dict, List

from bot.report.figures import LEVEL_NAMES

Report = Dict[str, Any]
COLOURS = ["#2f6f9f", "#e08a2e", "#5b9b5b", "#b0413e", "#7a5ea8", "#8c8c8c"]


def available() -> bool:
    """True when matplotlib can be imported (it is in requirements.lock)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _figure(width: float = 7.0, height: float = 3.6):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot.subplots(figsize=(width, height), dpi=100)


def _png(fig) -> bytes:
    from matplotlib import pyplot

    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png")
    pyplot.close(fig)
    return buffer.getvalue()


def _label_bars(ax, bars, values: List[Any]) -> None:
    for bar, value in zip(bars, values):
        ax.annotate(str(value), (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom",
                    fontsize=8, xytext=(0, 2), textcoords="offset points")


def conversations_chart(report: Report) -> bytes:
    """Conversations by channel and by language."""
    import matplotlib.pyplot as pyplot

    fig, axes = pyplot.subplots(1, 2, figsize=(7.5, 3.2), dpi=100)
    for ax, key, title in ((axes[0], "by_channel", "by channel"), (axes[1], "by_language", "by language")):
        pairs = report["conversations"][key]
        bars = ax.bar([p[0] for p in pairs], [p[1] for p in pairs], color=COLOURS[: len(pairs)] or COLOURS[0])
        _label_bars(ax, bars, [p[1] for p in pairs])
        ax.set_title(f"Conversations {title}")
        ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def resolution_chart(report: Report) -> bytes:
    """Where conversations ended (their highest level) and what was resolved there."""
    fig, ax = _figure()
    rows = report["resolution"]
    names = [f"{r['level']} {r['name']}" for r in rows]
    ended = [r["conversations"] for r in rows]
    resolved = [r.get("resolved", 0) if r["level"] < 5 else 0 for r in rows]
    positions = range(len(rows))
    bars = ax.bar([p - 0.2 for p in positions], ended, width=0.4, color=COLOURS[0], label="conversations ending here")
    ax.bar([p + 0.2 for p in positions], resolved, width=0.4, color=COLOURS[2],
           label="resolved here (KB: deflected; 1–4: cases closed)")
    _label_bars(ax, bars, ended)
    ax.set_xticks(list(positions))
    ax.set_xticklabels(names, fontsize=8)
    rate = report["deflection"]["rate"]
    ax.set_title("Resolution by level · level-0 deflection " + (f"{rate:.0%}" if rate is not None else "n/a"))
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def escalations_chart(report: Report) -> bytes:
    """How often conversations moved from one level to a higher one."""
    fig, ax = _figure()
    rows = report["escalations"][:10]
    labels = [f"{LEVEL_NAMES[r['from']]} → {LEVEL_NAMES[r['to']]}" for r in rows]
    bars = ax.barh(labels[::-1], [r["count"] for r in rows][::-1], color=COLOURS[1])
    for bar, row in zip(bars, rows[::-1]):
        ax.annotate(str(row["count"]), (bar.get_width(), bar.get_y() + bar.get_height() / 2), va="center",
                    fontsize=8, xytext=(3, 0), textcoords="offset points")
    ax.set_title("Escalations between levels")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def sla_chart(report: Report) -> bytes:
    """First-response and resolution breaches per case level."""
    fig, ax = _figure()
    rows = report["sla"]
    positions = range(len(rows))
    for offset, key, colour, name in ((-0.2, "first_response", COLOURS[1], "first response late"),
                                      (0.2, "resolution", COLOURS[3], "resolution late")):
        values = [r[key]["breached"] for r in rows]
        bars = ax.bar([p + offset for p in positions], values, width=0.4, color=colour, label=name)
        _label_bars(ax, bars, values)
    ax.set_xticks(list(positions))
    ax.set_xticklabels([f"{r['level']} {r['name']}\n({r['cases']} cases)" for r in rows], fontsize=8)
    ax.set_title("SLA breaches by level")
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def satisfaction_chart(report: Report) -> bytes:
    """Mean rating (1–5) per level, with how many ratings it rests on."""
    fig, ax = _figure()
    rows = [r for r in report["satisfaction"] if r["ratings"]]
    bars = ax.bar([f"{r['level']} {r['name']}" for r in rows], [r["mean"] for r in rows], color=COLOURS[2])
    _label_bars(ax, bars, [f"{r['mean']:.2f} (n={r['ratings']})" for r in rows])
    ax.set_ylim(0, 5.5)
    ax.set_title("Satisfaction by level (mean of 1–5 ratings)")
    ax.tick_params(axis="x", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def _themes_chart(themes: List[Dict[str, Any]], title: str) -> bytes:
    fig, ax = _figure(8.0, 0.9 + 0.42 * max(1, len(themes)))
    labels = ["\n".join(textwrap.wrap(t["examples"][0], 60)[:1]) + ("…" if len(t["examples"][0]) > 60 else "")
              for t in themes]
    bars = ax.barh(labels[::-1], [t["size"] for t in themes][::-1], color=COLOURS[0])
    for bar, theme in zip(bars, themes[::-1]):
        ax.annotate(str(theme["size"]), (bar.get_width(), bar.get_y() + bar.get_height() / 2), va="center",
                    fontsize=8, xytext=(3, 0), textcoords="offset points")
    ax.tick_params(axis="y", labelsize=8)
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def gaps_chart(report: Report) -> bytes:
    """The largest themes among the questions the KB could not answer, by an example question."""
    return _themes_chart(report["kb_gaps"]["themes"], "Top knowledge-base gaps (questions per theme)")


def suggestions_chart(report: Report) -> bytes:
    """The largest themes among the product suggestions."""
    return _themes_chart(report["suggestions"]["themes"], "Product suggestions by theme")


CHARTS: Dict[str, Callable[[Report], bytes]] = {
    "conversations": conversations_chart,
    "resolution": resolution_chart,
    "escalations": escalations_chart,
    "sla": sla_chart,
    "satisfaction": satisfaction_chart,
    "kb_gaps": gaps_chart,
    "suggestions": suggestions_chart,
}


def render_charts(report: Report) -> Dict[str, bytes]:
    """Every chart that has something to show, as PNG bytes by name ({} without matplotlib)."""
    if not available():
        return {}
    empty = {"escalations": not report["escalations"], "satisfaction": not report["ratings"]["total"],
             "kb_gaps": not report["kb_gaps"]["themes"], "suggestions": not report["suggestions"]["themes"],
             "conversations": not report["conversations"]["total"]}
    return {name: draw(report) for name, draw in CHARTS.items() if not empty.get(name)}
