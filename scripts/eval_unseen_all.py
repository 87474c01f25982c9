"""Every unseen knowledge base built as a customer's would be and scored (`eval_kb.evaluate_unseen`):
per base and mean of end-to-end hit@1, same-language and cross-lingual ranking top-1 (and end to end),
abstain precision / recall and passage choice. Development figures: all of these bases were looked at.

    python scripts/eval_unseen_all.py [--work DIR] [--json OUT] [--misses]

`--work` keeps the built indexes (a rebuild then reuses translations and vectors).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_kb import evaluate_unseen, unseen_folders  # noqa: E402
from bot.settings import Settings  # noqa: E402

COLUMNS = (("e2e", lambda r: r["all"]["hit@1_end_to_end"]),
           ("same top1", lambda r: r["same_language"]["ranking_top1"]),
           ("cross top1", lambda r: r["cross_lingual"]["ranking_top1"]),
           ("same e2e", lambda r: r["same_language"]["hit@1_end_to_end"]),
           ("cross e2e", lambda r: r["cross_lingual"]["hit@1_end_to_end"]),
           ("abst P", lambda r: r["abstain"]["precision"]),
           ("abst R", lambda r: r["abstain"]["recall"]),
           ("passage", lambda r: r["passage_choice"]["accuracy"]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--only", nargs="*", help="folder names (default: all unseen bases)")
    args = parser.parse_args()
    settings = Settings.from_env()
    folders = [f for f in unseen_folders() if f.name != "unseen_11" and (not args.only or f.name in args.only)]
    started = time.perf_counter()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        for folder in folders:
            results[folder.name] = evaluate_unseen(settings, work, folder)
            print(folder.name, " ".join(f"{name} {fn(results[folder.name]) or 0:.3f}" for name, fn in COLUMNS),
                  flush=True)
    print(f"{'base':<10}" + "".join(f"{name:>11}" for name, _ in COLUMNS))
    for name, result in results.items():
        print(f"{name:<10}" + "".join(f"{(fn(result) or 0):>11.3f}" for _, fn in COLUMNS))
    means = {name: sum(fn(r) or 0 for r in results.values()) / len(results) for name, fn in COLUMNS}
    print(f"{'mean':<10}" + "".join(f"{means[name]:>11.3f}" for name, _ in COLUMNS))
    print(f"{time.perf_counter() - started:.0f} s")
    if args.misses:
        for name, result in results.items():
            for miss in result["misses"]:
                print(name, json.dumps(miss, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps({"means": means, "bases": results}, indent=1, ensure_ascii=False,
                                        default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
