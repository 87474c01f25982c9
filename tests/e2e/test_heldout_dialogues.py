"""The held-out dialogues (tests/data/dialogues_heldout.yml): written by a fresh pen before
the dialogue rework, scored once at its end (docs/BENCHMARKS.md), then used to find bugs
(so no longer held out) and kept as a regression guard. Prints the pass rate per class."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from tests.e2e.test_conversations import free_the_calendar, given_case_creator
from tests.support.desk import agent_on_duty
from tests.support.dialogues import load_dialogues, play

pytestmark = pytest.mark.e2e

DATA = Path(__file__).resolve().parents[1] / "data"
#: Issue 8's targets were 90 % of the dialogues passing every assertion and no class below
#: 80 %. Not met: scored once on 2026-11-27 (commit c3213f9) at 10/32 = 0.312; 17/32 = 0.531
#: after fixing what it showed; 31/32 = 0.969 after the form-lifecycle round (issue 8 follow-up,
#: docs/BENCHMARKS.md). These are regression guards (the figure less one dialogue), not targets.
MIN_PASS_RATE = 0.93
MIN_CLASS_RATE = 0.0
MIN_PASS_RATE_2 = 0.94  # scored once on 2026-11-27 at 25/36 = 0.694 (commit bb7a9fa); as a dev set 23/36 after the blend revert, 30/36 after the yes/no-step round, 35/36 on bff6b0d

MIN_PASS_RATE_3 = 0.95  # scored once on 2026-11-27 (commit bff6b0d) at 32/40 = 0.800; 39/40 as a dev set on b52d14f, the guard one dialogue less
MIN_PASS_RATE_4 = 0.80  # fourth fresh pen, written 2026-11-27 23:55-00:00 UTC, scored once (b52d14f) at 33/40 = 0.825; the guard one dialogue less
MIN_PASS_RATE_5 = 0.90  # fifth fresh pen, written 2026-11-28 03:17-03:23 UTC, scored once (db3620c) at 28/40 = 0.700; the guard one dialogue less; 37-38/40 as a dev set after thanks11 (2026-11-28), the guard 36/40
MIN_PASS_RATE_6 = 0.80  # sixth fresh pen, written 2026-11-28 06:28-06:45 UTC, scored once (after the merges of thanks11, xling6, nlucal): 33/40 = 0.825; the guard one dialogue less
MIN_PASS_RATE_7 = 0.725  # seventh fresh pen, written 2026-11-28 09:20-09:52 UTC, scored once (aceab8f, after the merges of offers12, xling7, perf13): 30/40 = 0.750; the guard one dialogue less
MIN_PASS_RATE_8 = 0.775  # eighth fresh pen, written 2026-11-28 12:30-12:46 UTC, scored once (14:05 UTC, after the merges of abstain14, conv14, kbfast14 and the review fixes): 32/40 = 0.800; the guard one dialogue less
MIN_PASS_RATE_9 = 0.875  # ninth fresh pen, written 2026-11-28 15:55-16:51 UTC, scored once (17:40 UTC, after the merges of conv15, kbpw15, fix15): 36/40 = 0.900 (every class >= 3/4); the guard one dialogue less
MIN_PASS_RATE_12 = 0.84  # twelfth fresh pen (five dialogues a class), written 2026-11-29 03:26-03:33 UTC, scored once (03:35 UTC, 407c00d with an agent signed in where given): 43/50 = 0.860 (language 2/5); the guard one dialogue less
MIN_PASS_RATE_13 = 0.80  # thirteenth fresh pen (five dialogues a class), written 2026-11-29 08:02-08:08 UTC, scored once (08:55 UTC, 86ef7c5): 41/50 = 0.820 (language 2/5, offers 3/5); the guard one dialogue less
MIN_PASS_RATE_14 = 0.82  # fourteenth fresh pen (five dialogues a class), written 2026-11-29 11:23-11:25 UTC, scored once (12:59 UTC, 7e5e972): 42/50 = 0.840 (language 3/5); the guard one dialogue less
MIN_PASS_RATE_15 = 0.92  # fifteenth fresh pen (five dialogues a class), written 2026-11-29 15:08-15:12 UTC, scored once (16:08 UTC, a05de5a): 47/50 = 0.940 (handoff, language, slot_fit 4/5, the rest 5/5); the guard one dialogue less
MIN_PASS_RATE_16 = 0.78  # sixteenth fresh pen (five dialogues a class), written 2026-11-29 18:31-18:36 UTC, scored once (19:47 UTC, 205a9cc): 32/50 as written, 40/50 = 0.800 once its article ids (file names in the lead's staging list, not the articles' ids) were mapped to the ids; the guard one dialogue less
MIN_PASS_RATE_17 = 0.84  # seventeenth fresh pen (five dialogues a class), written 2026-11-29 21:44-21:52 UTC, scored once (21:55 UTC, cd47953): 43/50 = 0.860 (language 3/5, routing 3/5); the guard one dialogue less
MIN_PASS_RATE_11 = 0.76  # eleventh fresh pen (five dialogues a class), written 2026-11-29 01:21-01:28 UTC, scored once (01:47 UTC, e861246): 39/50 = 0.780; the guard one dialogue less
MIN_PASS_RATE_10 = 0.48  # tenth fresh pen (five dialogues a class), written 2026-11-28 19:25-21:28 UTC, scored once (21:27 UTC, 2373a5e): 25/50 = 0.500 (10 more fail only on wording the format does not fix: "T-" for every case id, full weekday names); the guard one dialogue less
MIN_PASS_RATE_DEV_4 = 0.90  # first run on 2026-11-27 (after 641eff6): 22/40; 34/40 = 0.850 on bff6b0d, 37/40 on b52d14f; the guard one dialogue less



@pytest.mark.parametrize("name, min_pass_rate, min_class_rate", [
    ("dialogues_heldout.yml", MIN_PASS_RATE, MIN_CLASS_RATE),
    # written by a second fresh pen on 2026-11-27 before that session's changes, scored once at
    # its end (docs/BENCHMARKS.md); the guard sits at what it scored, less one dialogue
    ("dialogues_heldout_2.yml", MIN_PASS_RATE_2, 0.0),
    # a fresh pen's dialogues written to find faults (never held out): a regression guard
    ("dialogues_dev_4.yml", MIN_PASS_RATE_DEV_4, 0.0),
    # third fresh pen, written 2026-11-27 20:41-20:46 UTC before any change of that session,
    # scored once at its end (docs/BENCHMARKS.md)
    ("dialogues_heldout_3.yml", MIN_PASS_RATE_3, 0.0),
    # fourth fresh pen, written 2026-11-27 23:55 - 2026-11-28 00:00 UTC while that session's first
    # change was being written (the pen saw no code), scored once at its end (docs/BENCHMARKS.md)
    ("dialogues_heldout_4.yml", MIN_PASS_RATE_4, 0.0),
    # fifth fresh pen, written 2026-11-28 03:17-03:23 UTC after the product decision that nothing
    # is booked without a yes was written into the conversation format (the pen saw no code)
    ("dialogues_heldout_5.yml", MIN_PASS_RATE_5, 0.0),
    # sixth fresh pen, written 2026-11-28 06:28-06:45 UTC before this session's changes
    ("dialogues_heldout_6.yml", MIN_PASS_RATE_6, 0.0),
    # seventh fresh pen, written 2026-11-28 09:20-09:52 UTC before this session's changes
    ("dialogues_heldout_7.yml", MIN_PASS_RATE_7, 0.0),
    # eighth fresh pen, written 2026-11-28 12:30-12:46 UTC before this session's changes
    ("dialogues_heldout_8.yml", MIN_PASS_RATE_8, 0.0),
    # ninth fresh pen, written 2026-11-28 15:55-16:51 UTC before any change of that session was merged
    ("dialogues_heldout_9.yml", MIN_PASS_RATE_9, 0.0),
    # tenth fresh pen, written 2026-11-28 19:25-21:28 UTC (five dialogues a class) while this session's
    # changes were being made (the pen saw no code)
    ("dialogues_heldout_10.yml", MIN_PASS_RATE_10, 0.0),
    # eleventh fresh pen, written 2026-11-29 01:21-01:28 UTC (five dialogues a class) while this
    # session's changes were being made (the pen saw no code)
    ("dialogues_heldout_11.yml", MIN_PASS_RATE_11, 0.0),
    # twelfth fresh pen, written 2026-11-29 03:26-03:33 UTC (five dialogues a class) while this
    # session's changes were being made (the pen saw no code)
    ("dialogues_heldout_12.yml", MIN_PASS_RATE_12, 0.0),
    # thirteenth fresh pen, written 2026-11-29 08:02-08:08 UTC (five dialogues a class) while this
    # session's changes were being made (the pen saw no code)
    ("dialogues_heldout_13.yml", MIN_PASS_RATE_13, 0.0),
    # fourteenth fresh pen, written 2026-11-29 11:23-11:25 UTC (five dialogues a class) before any
    # change of this session was merged (the pen saw no code)
    ("dialogues_heldout_14.yml", MIN_PASS_RATE_14, 0.0),
    # fifteenth fresh pen, written 2026-11-29 15:08-15:12 UTC (five dialogues a class) as this session began
    # (the pen saw no code)
    ("dialogues_heldout_15.yml", MIN_PASS_RATE_15, 0.0),
    # sixteenth fresh pen, written 2026-11-29 18:31-18:36 UTC (five dialogues a class) as this session began
    # (the pen saw no code)
    ("dialogues_heldout_16.yml", MIN_PASS_RATE_16, 0.0),
    # seventeenth fresh pen, written 2026-11-29 21:44-21:52 UTC (five dialogues a class) as this session began
    # (the pen saw no code)
    ("dialogues_heldout_17.yml", MIN_PASS_RATE_17, 0.0),
])
def test_held_out_dialogues(assistant, name, min_pass_rate, min_class_rate):
    dialogues = load_dialogues([DATA / name])
    assert len(dialogues) >= 30
    by_class = defaultdict(list)
    failures = []
    for dialogue in dialogues:
        free_the_calendar(assistant)
        with agent_on_duty(assistant, bool(dialogue.given.get("agent_available"))):
            outcome = play(dialogue, assistant.conversation(),
                           lambda sender: [c for c in assistant.cases() if c["conversation_id"] == sender],
                           given_case_creator(assistant))
        by_class[dialogue.cls].append(outcome.passed)
        if not outcome.passed:
            failures.append(f"[{dialogue.cls}] {dialogue.name}:\n  " + "\n  ".join(outcome.problems))
    passed = sum(sum(results) for results in by_class.values())
    print(f"\n{name}: {passed}/{len(dialogues)} = {passed / len(dialogues):.3f}")
    for cls, results in sorted(by_class.items()):
        print(f"  {cls:<15} {sum(results)}/{len(results)}")
    print("\n".join(failures))
    assert passed / len(dialogues) >= min_pass_rate
    assert all(sum(r) / len(r) >= min_class_rate for r in by_class.values())
