"""Knowledge-base evaluation: `make eval-kb` writes reports/kb_eval.json and reports/kb_eval.png.

1. The project's held-out queries, *test* part (kb_index/eval/heldout_queries.yml,
   index % 3 != 0): hit@1, hit@5, MRR@10 for lexical only, dense only, the fused
   ranking the assistant uses and RRF; abstain precision/recall/F1 of the abstain
   model the assistant uses, and of the fused-score threshold alone as a baseline;
   end-to-end accuracy (right article, or abstention where none answers). The same
   for the second held-out set (kb_index/eval/heldout_queries_2.yml), which nothing
   was ever tuned on. And the passage choice: given the right article, does the quoted
   text contain the section that answers (kb_index/eval/passage_queries.yml)?
2. XQuAD (read from ../shared/benchmarks/xquad) as a third-party corpus: paragraphs
   as articles, questions as queries, es->es, en->en, es->en and en->es, on the
   *evaluation half* (odd documents; the even half chose the fusion weights) and on
   all 1,190 questions for comparison with published baselines.

3. The unseen knowledge bases (kb_index/eval/unseen/ and unseen_N/: articles written apart from the code,
   never tuned on): built with `build_index` exactly as a customer's would be (translation
   and the build's own abstain calibration), then its queries.yml scored end to end (right
   article or abstention), ranking top-1, same-language and cross-lingual apart, abstain
   precision and recall; and its passage_queries.yml. The own knowledge base gets the same
   breakdown on its held-out sets.

`--own-only` stops after part 1 (no report written), for a quick look; `--no-unseen` leaves
part 3 out; `--no-xquad` leaves part 2 out.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

from kb_common import (HELDOUT_2, PASSAGE_QUERIES, evaluate_passage_choice, evaluate_queries, heldout_split,
                       load_queries, method_rankings, relevant_ids, xquad_half)
from bot.kb.benchmarks import ScoredCorpus, load_xquad, paragraph_articles
from bot.kb.evaluation import (abstain_decision_metrics, abstain_metrics, decision_accuracy, end_to_end_accuracy,
                               summarise)
from bot.kb.index import build_index
from bot.kb.articles import load_articles
from bot.kb.search import KnowledgeBase, SearchConfig
from bot.language import DEFAULT_LANGUAGE, detect_language
from bot.settings import PROJECT_ROOT, Settings

REPORTS = PROJECT_ROOT / "reports"
UNSEEN = PROJECT_ROOT / "kb_index" / "eval" / "unseen"
METHODS = ("lexical", "dense", "fused", "rrf")


def evaluate_own(kb: KnowledgeBase, config: SearchConfig, queries: list) -> dict:
    """Ranking and answer/abstain measures of `kb` on labelled queries."""
    rankings = {m: [] for m in METHODS}
    relevants, top_ids, top_scores, answered, misses = [], [], [], [], []
    for item in queries:
        language = detect_language(item["q"]) or DEFAULT_LANGUAGE
        dense, lexical, _ = kb.scores(item["q"], language)
        # with translation (cross_share 1) the assistant fuses the translated views with cross_dense_weight
        cross = kb.translator is not None and kb.translated and config.cross_share >= 1.0
        weight = config.cross_dense_weight if cross else config.dense_weight[language]
        per_method = method_rankings(dense[None, :], lexical[None, :], weight, kb.passage_article)
        for method in METHODS:
            rankings[method].append(per_method[method][0])
        outcome = kb.search(item["q"], k=1)
        top_ids.append(outcome.results[0].id if outcome.results else None)
        top_scores.append(outcome.results[0].score if outcome.results else 0.0)
        answered.append(outcome.answer is not None)
        relevants.append(relevant_ids(item["expect"], kb.articles))
        answered_now = outcome.answer is not None
        right = (answered_now and top_ids[-1] in relevants[-1]) if relevants[-1] else not answered_now
        if not right:
            misses.append({"q": item["q"], "expect": item["expect"], "top": top_ids[-1], "answered": answered[-1],
                           "score": round(top_scores[-1], 3),
                           "p_unanswerable": None if outcome.abstain_probability is None
                           else round(outcome.abstain_probability, 3)})
    answerable = [bool(r) for r in relevants]
    return {
        "queries": len(queries),
        "answerable": sum(answerable),
        "unanswerable": len(queries) - sum(answerable),
        "ranking": {m: summarise(rankings[m], relevants) for m in METHODS},
        "abstain": abstain_decision_metrics([not a for a in answered], answerable),
        "end_to_end_accuracy": decision_accuracy(top_ids, answered, relevants),
        "decided_by": "abstain model" if kb.abstain_model else "score threshold",
        "baseline_score_threshold": {
            "threshold": config.abstain_threshold,
            "abstain": abstain_metrics(top_scores, answerable, config.abstain_threshold),
            "end_to_end_accuracy": end_to_end_accuracy(top_ids, top_scores, relevants, config.abstain_threshold),
        },
        "wrong_decisions": misses,
    }


def evaluate_xquad(settings: Settings, config: SearchConfig, work: Path) -> dict:
    data = {lang: load_xquad(lang) for lang in ("es", "en")}
    corpora = {lang: ScoredCorpus.build(paragraph_articles(data[lang].paragraphs, lang), work / f"xq-{lang}",
                                        settings.embedding_model, settings.query_prefix, settings.passage_prefix)
               for lang in ("es", "en")}
    results = {}
    for query_lang, corpus_lang in (("es", "es"), ("en", "en"), ("es", "en"), ("en", "es")):
        corpus = corpora[corpus_lang]
        for part in ("eval_half", "all"):
            questions = data[query_lang].questions if part == "all" else xquad_half(data[query_lang], "eval")
            dense, lexical = corpus.score([q for q, _ in questions])
            relevant = [{f"p-{p}"} for _, p in questions]
            rankings = method_rankings(dense, lexical, config.dense_weight[query_lang], corpus.passage_article)
            results.setdefault(f"{query_lang}->{corpus_lang}", {})[part] = {
                m: summarise(rankings[m], relevant) for m in METHODS}
            print(f"XQuAD {query_lang}->{corpus_lang} {part}: " + ", ".join(
                f"{m} {results[f'{query_lang}->{corpus_lang}'][part][m]['hit@1']:.3f}" for m in METHODS), flush=True)
    return results


def chart(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = ["own test", "own 2nd set"] + [f"XQuAD {d}" for d in report["xquad"]]
    values = {m: [report["own"]["ranking"][m]["hit@1"], report["own_second_set"]["ranking"][m]["hit@1"]]
              + [report["xquad"][d]["eval_half"][m]["hit@1"] for d in report["xquad"]] for m in METHODS}
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.2
    for i, method in enumerate(METHODS):
        xs = [g + (i - 1.5) * width for g in range(len(groups))]
        ax.bar(xs, values[method], width, label=method)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels(groups)
    ax.set_ylim(0, 1)
    ax.set_ylabel("hit@1")
    ax.set_title(f"Knowledge-base retrieval, hit@1 ({report['model']})")
    ax.legend(loc="lower left", ncol=4)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def kb_chart(report: dict, path: Path) -> None:
    """Both knowledge bases side by side: end to end, ranking, same-language, cross-lingual, abstaining."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    measures = [("end to end", lambda r: r["all"]["hit@1_end_to_end"]),
                ("ranking top-1", lambda r: r["all"]["ranking_top1"]),
                ("same-language", lambda r: r["same_language"]["hit@1_end_to_end"]),
                ("cross-lingual", lambda r: r["cross_lingual"]["hit@1_end_to_end"]),
                ("abstain precision", lambda r: r["abstain"]["precision"]),
                ("abstain recall", lambda r: r["abstain"]["recall"])]
    kbs = [(name, part) for name, part in report["knowledge_bases"].items() if part]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / max(1, len(kbs))
    for i, (name, part) in enumerate(kbs):
        xs = [m + (i - (len(kbs) - 1) / 2) * width for m in range(len(measures))]
        ax.bar(xs, [fn(part) or 0.0 for _, fn in measures], width, label=name)
    ax.set_xticks(range(len(measures)))
    ax.set_xticklabels([m for m, _ in measures])
    ax.set_ylim(0, 1)
    ax.set_title("Both knowledge bases, built the same way (hit@1; abstaining counted end to end)")
    ax.legend(loc="upper right", fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def unseen_folders() -> list:
    """Every unseen knowledge base: kb_index/eval/unseen/ (Lince, the first) and unseen_N/."""
    return sorted(folder for folder in UNSEEN.parent.glob("unseen*") if (folder / "articles").is_dir())


def evaluate_unseen(settings: Settings, work: Path, folder: Path = UNSEEN) -> dict:
    """Build an unseen knowledge base as a customer would and score its questions."""
    build_index(load_articles(folder / "articles"), work / folder.name, settings.embedding_model,
                settings.query_prefix, settings.passage_prefix, show_progress=False)
    kb = KnowledgeBase(work / folder.name, settings)
    result = evaluate_queries(kb, load_queries(folder / "queries.yml"))
    result["passage_choice"] = evaluate_passage_choice(kb, load_queries(folder / "passage_queries.yml"))
    return result


def main() -> int:
    if "--help" in sys.argv or "-h" in sys.argv:  # a full evaluation takes minutes: never by accident
        print(__doc__)
        return 0
    settings = Settings.from_env()
    config = SearchConfig.load()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        build_index(load_articles(settings.kb_articles_dir), Path(tmp) / "kb", settings.embedding_model,
                    settings.query_prefix, settings.passage_prefix, show_progress=False)
        kb = KnowledgeBase(Path(tmp) / "kb", settings, config)
        own = evaluate_own(kb, config, heldout_split("test"))
        fresh = evaluate_own(kb, config, load_queries(HELDOUT_2))
        passages = evaluate_passage_choice(kb, load_queries(PASSAGE_QUERIES))
        print(f"passage choice: {passages['accuracy']:.3f} of {passages['queries']}", flush=True)
        for name, part in (("held-out test part", own), ("second held-out set", fresh)):
            print(name, json.dumps(part["ranking"]["fused"]), json.dumps(part["abstain"]),
                  f"end-to-end {part['end_to_end_accuracy']:.3f}", "baseline",
                  json.dumps(part["baseline_score_threshold"]), flush=True)
        knowledge_bases = {"own (held-out 1 test part + 2nd set)": evaluate_queries(
            kb, heldout_split("test") + load_queries(HELDOUT_2))}
        if "--own-only" in sys.argv:
            return 0
        if "--no-unseen" not in sys.argv:
            for folder in unseen_folders():
                knowledge_bases[folder.name] = evaluate_unseen(settings, Path(tmp), folder)
        for name, part in knowledge_bases.items():
            print(name, json.dumps({k: v for k, v in part.items() if k not in ("misses",)}, default=str), flush=True)
        xquad = evaluate_xquad(settings, config, Path(tmp)) if "--no-xquad" not in sys.argv else {}
    report = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.system()} {platform.release()}",
        "command": "make eval-kb",
        "model": settings.embedding_model,
        "search_config": {"dense_weight": config.dense_weight, "abstain_threshold": config.abstain_threshold,
                          "abstain_model": config.abstain_model.to_dict() if config.abstain_model else None},
        "own": own,
        "own_second_set": fresh,
        "passage_choice": passages,
        "knowledge_bases": knowledge_bases,
        "xquad": xquad,
        "seconds": round(time.perf_counter() - started, 1),
    }
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "kb_eval.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written = [REPORTS / "kb_eval.json", REPORTS / "kb_eval_knowledge_bases.png"]
    if xquad:
        chart(report, REPORTS / "kb_eval.png")
        written.append(REPORTS / "kb_eval.png")
    kb_chart(report, REPORTS / "kb_eval_knowledge_bases.png")
    print("wrote " + ", ".join(map(str, written)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
