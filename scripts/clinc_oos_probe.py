"""Which score tells CLINC150's out-of-scope messages from in-scope ones best? Validation only.

Never loads `test` or `oos_test`. Embeds `train`, `val`, `oos_val` (and `oos_train`, used only
as extra out-of-scope messages in the second view) once with the project's encoder
(`bot.embeddings.load_model` / `encode`, the same call `SentenceEmbeddingFeaturizer` makes) and
caches them in CACHE (default /work/clinc_cache). Then, in process, the project's pipeline up to
the intent classifier, as `config.yml` builds it: Rasa's WhitespaceTokenizer, the two
CountVectorsFeaturizers (word; char_wb 2-5, accents stripped), the cached embedding as the dense
sentence feature, and `BlendedIntentClassifier` with config.yml's settings (its own blend
search). The RegexFeaturizer is left out: CLINC150's training data has no regexes or lookups.

Signals (higher = more in scope), each scored as in-scope vs out-of-scope:
  top_prob      the classifier's top probability (what the FallbackClassifier thresholds today)
  margin        top1 - top2 probability
  knn1          cosine to the nearest training sentence
  knn5          mean cosine to the five nearest training sentences
  knn1_class    cosine to the nearest training sentence of the predicted intent
  centroid      cosine to the predicted intent's centroid (mean of its unit vectors, renormalised)
  products / blends of top_prob with knn1, knn5, centroid

Two views: A) trained on all of `train`, scored on `val` + `oos_val`; B) trained on 80 % of
`train` per intent (seed 0), scored on the other 20 % + `oos_val` (and B+ with `oos_train` added,
200 out-of-scope messages). For each: AUROC, and the out-of-scope recall at the highest threshold
that keeps in-scope accuracy within 0.5 point of no threshold (`threshold_within`), plus the
in-scope accuracy at the lowest threshold with out-of-scope recall ≥ 65 (`threshold_min_oos_recall`,
the bench's default rule).

Usage: HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python scripts/clinc_oos_probe.py [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from bot.nlu.benchmarks import (  # noqa: E402
    Prediction, benchmarks_dir, hold_out, threshold_min_oos_recall, threshold_within,
)
from bot.settings import PROJECT_ROOT, Settings  # noqa: E402

logger = logging.getLogger("clinc_oos_probe")
SPLITS = ("train", "val", "oos_val", "oos_train")  # never test / oos_test


def load_splits() -> Dict[str, List[Tuple[str, str]]]:
    with open(benchmarks_dir() / "clinc150" / "data_full.json", encoding="utf-8") as handle:
        data = json.load(handle)
    # the texts as bench_nlu writes them into the Rasa training data (whitespace collapsed)
    return {name: [(" ".join(t.split()), y) for t, y in data[name]] for name in SPLITS}


def embeddings(splits: Dict[str, List[Tuple[str, str]]], cache: Path) -> Dict[str, np.ndarray]:
    """One unit vector per text and split, encoded once and cached as CACHE/<split>.npy."""
    from bot.embeddings import encode, load_model

    settings = Settings.from_env()
    out: Dict[str, np.ndarray] = {}
    for name, rows in splits.items():
        path = cache / f"{name}.npy"
        if path.exists():
            out[name] = np.load(path)
            if out[name].shape[0] == len(rows):
                continue
        started = time.perf_counter()
        model = load_model(settings.embedding_model)
        out[name] = encode(model, [t for t, _ in rows], prefix=settings.query_prefix, batch_size=64)
        np.save(path, out[name])
        logger.info("embedded %s (%d) in %.0f s", name, len(rows), time.perf_counter() - started)
    return out


def classifier_config() -> Dict:
    """config.yml's settings for BlendedIntentClassifier and its CountVectorsFeaturizers."""
    pipeline = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    blended = next(c for c in pipeline if c["name"].endswith("BlendedIntentClassifier"))
    counts = [c for c in pipeline if c["name"] == "CountVectorsFeaturizer"]
    strip = lambda c: {k: v for k, v in c.items() if k != "name"}  # noqa: E731
    return {"classifier": strip(blended), "count_vectors": [strip(c) for c in counts]}


class Pipeline:
    """The project's NLU pipeline up to the intent classifier, run in process on cached embeddings."""

    def __init__(self, work: Path) -> None:
        from rasa.engine.graph import ExecutionContext, GraphSchema
        from rasa.engine.storage.local_model_storage import LocalModelStorage

        work.mkdir(parents=True, exist_ok=True)
        self.storage = LocalModelStorage(work)
        self.context = lambda node: ExecutionContext(GraphSchema({}), "clinc-probe", node_name=node)  # noqa: E731
        self.config = classifier_config()

    def messages(self, rows: Sequence[Tuple[str, str]], vectors: np.ndarray, labelled: bool) -> list:
        from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
        from rasa.shared.nlu.training_data.features import Features
        from rasa.shared.nlu.training_data.message import Message

        out = []
        for (text, intent), vector in zip(rows, vectors):
            message = Message(data={TEXT: text, INTENT: intent} if labelled else {TEXT: text})
            message.add_features(Features(vector.reshape(1, -1), FEATURE_TYPE_SENTENCE, TEXT,
                                          "run_bot.nlu.sentence_featurizer.SentenceEmbeddingFeaturizer"))
            out.append(message)
        return out

    def fit(self, rows: Sequence[Tuple[str, str]], vectors: np.ndarray) -> None:
        from rasa.engine.storage.resource import Resource
        from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
        from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
        from rasa.shared.nlu.training_data.training_data import TrainingData

        from bot.nlu.blended_classifier import BlendedIntentClassifier

        order = sorted(range(len(rows)), key=lambda i: rows[i][1])  # by intent, as bench_nlu's YAML
        rows, vectors = [rows[i] for i in order], vectors[order]
        data = TrainingData(self.messages(rows, vectors, labelled=True))
        self.tokenizer = WhitespaceTokenizer.create(WhitespaceTokenizer.get_default_config(), self.storage,
                                                    Resource("tok"), self.context("run_WhitespaceTokenizer"))
        self.tokenizer.process_training_data(data)
        self.featurizers = []
        for i, config in enumerate(self.config["count_vectors"]):
            node = f"run_CountVectorsFeaturizer{i}"
            featurizer = CountVectorsFeaturizer.create({**CountVectorsFeaturizer.get_default_config(), **config},
                                                       self.storage, Resource(f"{node}-{time.time_ns()}"),
                                                       self.context(node))
            featurizer.train(data)
            featurizer.process_training_data(data)
            self.featurizers.append(featurizer)
        self.classifier = BlendedIntentClassifier.create(
            {**BlendedIntentClassifier.get_default_config(), **self.config["classifier"]}, self.storage,
            Resource(f"blended-{time.time_ns()}"), self.context("run_BlendedIntentClassifier"))
        started = time.perf_counter()
        self.classifier.train(data)
        logger.info("classifier trained in %.0f s: dense_weight %.2f, temperature %.0f", time.perf_counter() - started,
                    self.classifier.dense_weight, self.classifier.temperature)

    def predict(self, texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
        messages = self.messages([(t, "") for t in texts], vectors, labelled=False)
        self.tokenizer.process(messages)
        for featurizer in self.featurizers:
            featurizer.process(messages)
        return self.classifier.predict_proba(messages)


def auroc(inside: np.ndarray, outside: np.ndarray) -> float:
    """P(an in-scope score > an out-of-scope one), ties counting half (Mann-Whitney)."""
    from scipy.stats import rankdata

    ranks = rankdata(np.concatenate([inside, outside]))
    n_in, n_out = inside.size, outside.size
    return float((ranks[:n_in].sum() - n_in * (n_in + 1) / 2) / (n_in * n_out))


def signals(probabilities: np.ndarray, vectors: np.ndarray, train_vectors: np.ndarray,
            train_labels: np.ndarray, n_classes: int) -> Dict[str, np.ndarray]:
    """Every candidate out-of-scope signal for each scored message (higher: more in scope)."""
    ordered = np.sort(probabilities, axis=1)
    top, second = ordered[:, -1], ordered[:, -2]
    predicted = probabilities.argmax(axis=1)
    cosines = vectors.astype(np.float32) @ train_vectors.astype(np.float32).T
    nearest = -np.partition(-cosines, 4, axis=1)[:, :5]
    knn1 = nearest.max(axis=1)
    knn5 = nearest.mean(axis=1)
    same_class = np.where(train_labels[None, :] == predicted[:, None], cosines, -1.0)
    knn1_class = same_class.max(axis=1)
    centroids = np.zeros((n_classes, train_vectors.shape[1]))
    np.add.at(centroids, train_labels, train_vectors)
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    centroid = np.einsum("ij,ij->i", vectors, centroids[predicted])
    positive = lambda x: np.clip(x, 0.0, None)  # noqa: E731
    return {
        "top_prob": top, "margin": top - second, "knn1": knn1, "knn5": knn5, "knn1_class": knn1_class,
        "centroid": centroid,
        "top_prob*knn1": top * positive(knn1), "top_prob*knn5": top * positive(knn5),
        "top_prob*centroid": top * positive(centroid), "top_prob*knn1_class": top * positive(knn1_class),
        "sqrt(top_prob)*knn1_class": np.sqrt(top) * positive(knn1_class),
        "sqrt(top_prob)*centroid": np.sqrt(top) * positive(centroid),
        "sqrt(top_prob)*knn5": np.sqrt(top) * positive(knn5),
        "top_prob*knn1_class^2": top * positive(knn1_class) ** 2,
    }


def score_view(name: str, pipeline: Pipeline, train_rows, train_vectors, inside_rows, inside_vectors,
               outside_texts, outside_vectors) -> Dict[str, Dict[str, float]]:
    classes = pipeline.classifier.classes
    train_labels = np.array([classes.index(y) for _, y in train_rows])
    p_in = pipeline.predict([t for t, _ in inside_rows], inside_vectors)
    p_out = pipeline.predict(list(outside_texts), outside_vectors)
    s_in = signals(p_in, inside_vectors, train_vectors, train_labels, len(classes))
    s_out = signals(p_out, outside_vectors, train_vectors, train_labels, len(classes))
    labels = [y for _, y in inside_rows]
    predicted_in = [classes[i] for i in p_in.argmax(axis=1)]
    predicted_out = [classes[i] for i in p_out.argmax(axis=1)]
    table: Dict[str, Dict[str, float]] = {}
    for signal in s_in:
        inside = [Prediction(p, float(c)) for p, c in zip(predicted_in, s_in[signal])]
        outside = [Prediction(p, float(c)) for p, c in zip(predicted_out, s_out[signal])]
        within = threshold_within(inside, labels, outside, 0.5)
        at65 = threshold_min_oos_recall(inside, labels, outside, 65.0)
        table[signal] = {"auroc": auroc(s_in[signal], s_out[signal]), "threshold": within.threshold,
                         "in_scope": within.in_scope_accuracy, "oos_recall": within.oos_recall,
                         "in_scope_at_oos65": at65.in_scope_accuracy, "threshold_at_oos65": at65.threshold}
    logger.info("%s: %d in scope (accuracy without threshold %.2f), %d out of scope", name, len(inside_rows),
                100 * float(np.mean(np.array(predicted_in) == np.array(labels))), len(outside_texts))
    return table


def report(views: Dict[str, Tuple[str, Dict[str, Dict[str, float]]]]) -> str:
    lines = ["# CLINC150 out-of-scope signals (validation only; test and oos_test never loaded)", "",
             "Written by `scripts/clinc_oos_probe.py`. Higher signal = more in scope. *recall@-0.5*: out-of-scope",
             "recall at the highest threshold keeping in-scope accuracy within 0.5 point of no threshold;",
             "*in-scope@OOS65*: in-scope accuracy at the lowest threshold with out-of-scope recall ≥ 65 %.", ""]
    for title, (note, table) in views.items():
        lines += [f"## {title}", "", note, "",
                  "| signal | AUROC | threshold | in-scope | OOS recall@-0.5 | in-scope@OOS65 |",
                  "|---|---|---|---|---|---|"]
        for signal, row in table.items():
            lines.append(f"| {signal} | {row['auroc']:.4f} | {row['threshold']:.3f} | {row['in_scope']:.2f} | "
                         f"{row['oos_recall']:.1f} | {row['in_scope_at_oos65']:.2f} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path("/work/clinc_cache"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    args.cache.mkdir(parents=True, exist_ok=True)
    splits = load_splits()
    vectors = embeddings(splits, args.cache)
    views: Dict[str, Tuple[str, Dict[str, Dict[str, float]]]] = {}
    oos_val = [t for t, _ in splits["oos_val"]]
    oos_both = oos_val + [t for t, _ in splits["oos_train"]]
    both_vectors = np.vstack([vectors["oos_val"], vectors["oos_train"]])
    with tempfile.TemporaryDirectory(prefix="clinc-probe-") as tmp:
        pipeline = Pipeline(Path(tmp))
        pipeline.fit(splits["train"], vectors["train"])
        views["A. trained on train, scored on val (3,000) + oos_val (100)"] = (
            "The view the benchmark's threshold is chosen on.",
            score_view("A", pipeline, splits["train"], vectors["train"], splits["val"], vectors["val"],
                       oos_val, vectors["oos_val"]))
        (args.cache / "probe_report.md").write_text(report(views), encoding="utf-8")
        train_index = {id(e): i for i, e in enumerate(splits["train"])}
        kept, held = hold_out(splits["train"], 0.2, seed=0)
        kept_vectors = vectors["train"][[train_index[id(e)] for e in kept]]
        held_vectors = vectors["train"][[train_index[id(e)] for e in held]]
        pipeline = Pipeline(Path(tmp) / "b")
        pipeline.fit(kept, kept_vectors)
        views["B. trained on 80 % of train, scored on the other 20 % (3,000) + oos_val (100)"] = (
            "Held out per intent with `bot.nlu.benchmarks.hold_out(train, 0.2, seed=0)`.",
            score_view("B", pipeline, kept, kept_vectors, held, held_vectors, oos_val, vectors["oos_val"]))
        views["B+. as B, out of scope = oos_val + oos_train (200)"] = (
            "`oos_train` is never trained on (the pipeline's training data is in-scope only); it doubles the "
            "out-of-scope sample.",
            score_view("B+", pipeline, kept, kept_vectors, held, held_vectors, oos_both, both_vectors))
    text = report(views)
    (args.cache / "probe_report.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
