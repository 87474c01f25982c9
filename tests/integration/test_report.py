"""The support report on a generated month with known counts (tests/support/report_month.py).

The month is written through Rasa's own SQLTrackerStore into a real SQLite tracker store and
into a real cases database; every figure the report shows is compared with the counts the
generator kept while generating.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.report.build import ReportError, ReportSources, build_report, parse_since
from bot.report.gaps import model_encoder
from bot.settings import BUNDLED_MODEL
from tests.support.report_month import (PLANTED_TOPIC, generate_month, write_cases_db,
                                        write_trackers_with_rasa)


@pytest.fixture(scope="module")
def month_stores(tmp_path_factory):
    """A month of 400 conversations in a real tracker store and cases database."""
    root = tmp_path_factory.mktemp("month")
    month = generate_month(400, seed=13)
    write_trackers_with_rasa(month, root / "conversations.db")
    write_cases_db(month, f"sqlite:///{root / 'cases.db'}")
    return month, ReportSources(f"sqlite:///{root / 'conversations.db'}", f"sqlite:///{root / 'cases.db'}")


@pytest.fixture(scope="module")
def report(month_stores):
    month, where = month_stores
    return build_report(where, month.start, month.end, encoder=model_encoder(BUNDLED_MODEL))


def test_conversations_by_channel_and_language(report, month_stores):
    expected = month_stores[0].expected
    assert report["conversations"]["total"] == expected.conversations == 400
    assert dict(report["conversations"]["by_channel"]) == dict(expected.by_channel)
    assert dict(report["conversations"]["by_language"]) == dict(expected.by_language)
    assert report["conversations"]["without_support_request"] == expected.by_top_level["none"]


def test_resolution_by_level_and_deflection(report, month_stores):
    expected = month_stores[0].expected
    rows = {row["level"]: row for row in report["resolution"]}
    for level in range(6):
        assert rows[level]["conversations"] == expected.by_top_level[level], level
    assert rows[0]["kb_conversations"] == expected.kb_conversations
    assert rows[0]["answered"] == expected.kb_answered
    assert rows[0]["resolved"] == report["deflection"]["deflected"] == expected.deflected
    assert report["deflection"]["rate"] == round(expected.deflected / expected.kb_conversations, 4)
    for level in (1, 2, 3, 4):
        assert rows[level]["cases_opened"] == expected.cases_opened[level]
        assert rows[level]["resolved"] == expected.cases_resolved[level]
    assert rows[5]["handed_off"] == expected.handed_off


def test_escalations_between_levels(report, month_stores):
    expected = month_stores[0].expected
    assert {(r["from"], r["to"]): r["count"] for r in report["escalations"]} == dict(expected.escalations)
    assert set(expected.escalations) == {(0, 1), (1, 2), (0, 5)}


def test_sla_breaches(report, month_stores):
    expected = month_stores[0].expected
    for row in report["sla"]:
        level = row["level"]
        assert row["cases"] == expected.cases_opened[level]
        assert row["first_response"]["breached"] == expected.first_response_breaches[level]
        assert row["resolution"]["breached"] == expected.resolution_breaches[level]
    assert sum(r["first_response"]["breached"] for r in report["sla"]) > 0


def test_satisfaction_by_level(report, month_stores):
    expected = month_stores[0].expected
    rows = {row["level"]: row for row in report["satisfaction"]}
    for level in range(6):
        scores = expected.ratings.get(level, [])
        assert rows[level]["ratings"] == len(scores)
        assert rows[level]["mean"] == (round(sum(scores) / len(scores), 2) if scores else None)
        assert rows[level]["distribution"] == {str(s): scores.count(s) for s in range(1, 6)}
    assert report["ratings"]["with_comment"] == expected.rating_comments


def test_kb_gaps_cluster_the_planted_topic_with_real_examples(report, month_stores):
    expected = month_stores[0].expected
    gaps = report["kb_gaps"]
    assert gaps["questions"] == len(expected.gap_questions)
    assert gaps["abstained"] == sum(1 for _, kind in expected.gap_questions if kind == "abstained")
    assert gaps["unhelpful"] == sum(1 for _, kind in expected.gap_questions if kind == "unhelpful")
    asked = {text for text, _ in expected.gap_questions}
    for theme in gaps["themes"]:
        assert set(theme["examples"]) <= asked  # real messages, verbatim
    planted = len(expected.planted)
    assert planted >= 15
    # the largest theme led by a planted question holds at least 80 % of them, and little else
    best = next(t for t in gaps["themes"] if t["examples"][0] in PLANTED_TOPIC)
    assert best["size"] >= 0.8 * planted
    assert best["size"] <= planted + 2


def test_the_planted_topic_members_are_the_planted_questions(month_stores):
    """Counted from members, not sizes: ≥80 % of the planted questions in one theme."""
    from bot.report.gaps import find_themes

    expected = month_stores[0].expected
    texts = [text for text, _ in expected.gap_questions]
    themes = find_themes(texts, model_encoder(BUNDLED_MODEL), top=50)
    planted_rows = {i for i, text in enumerate(texts) if text in PLANTED_TOPIC}
    best = max(len(planted_rows & set(theme.members)) for theme in themes)
    assert best >= 0.8 * len(planted_rows)


def test_suggestions_grouped(report, month_stores):
    expected = month_stores[0].expected
    assert report["suggestions"]["total"] == len(expected.suggestions)
    themes = report["suggestions"]["themes"]
    assert themes and all(set(t["examples"]) <= set(expected.suggestions) for t in themes)
    dark = [t for t in themes if any("dark" in e or "oscuro" in e for e in t["examples"])]
    assert dark and dark[0]["size"] >= 3


def test_window_excludes_what_is_outside(month_stores):
    month, where = month_stores
    later = build_report(where, month.end, month.end + dt.timedelta(days=1))
    assert later["conversations"]["total"] == 0 and later["sla"][0]["cases"] == 0
    assert later["ratings"]["total"] == 0 and later["suggestions"]["total"] == 0


def test_report_without_any_store_yet(tmp_path):
    where = ReportSources(f"sqlite:///{tmp_path / 'none.db'}", f"sqlite:///{tmp_path / 'cases.db'}")
    now = dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)
    report = build_report(where, now - dt.timedelta(days=30), now)
    assert report["conversations"]["total"] == 0 and report["notes"]
    assert not (tmp_path / "none.db").exists()  # reading never creates a store
    json.dumps(report)


@pytest.mark.parametrize("text,hours", [("30d", 720), ("12h", 12), ("2w", 336)])
def test_parse_since_spans(text, hours):
    now = dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)
    assert now - parse_since(text, now) == dt.timedelta(hours=hours)


@pytest.mark.parametrize("text", ["", "yesterday", "0d", "99999d", "2030-01-01"])
def test_parse_since_refuses_clearly(text):
    with pytest.raises(ReportError, match="since"):
        parse_since(text, dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc))


def test_cli_writes_json_and_charts(month_stores, tmp_path, monkeypatch, capsys):
    from bot.report.__main__ import main

    month, where = month_stores
    monkeypatch.setenv("TRACKER_STORE_URL", where.tracker_store_url)
    monkeypatch.setenv("DATABASE_URL", where.database_url)
    assert main(["--since", "30d", "--until", month.end.isoformat(), "--out", str(tmp_path), "--no-themes"]) == 0
    out = capsys.readouterr().out
    assert "Conversations: 400" in out and "Level-0 deflection" in out
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["conversations"]["total"] == 400
    pngs = sorted(p.name for p in tmp_path.glob("*.png"))
    assert {"conversations.png", "resolution.png", "sla.png", "satisfaction.png", "escalations.png"} <= set(pngs)
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in tmp_path.glob("*.png"))
    assert main(["--since", "soon", "--out", str(tmp_path)]) == 2
    assert "error: --since" in capsys.readouterr().err
