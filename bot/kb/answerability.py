"""Deciding whether the best article answers the question at all (answer or abstain).

The fused score alone separates answerable from unanswerable questions poorly when
the question is near the domain ("export to quickbooks" scores like "export to
DATEV"): the best article shares most words and meaning with it, except the one
concept the customer asked about. So the decision also looks at the question's
words one by one: are they known to the knowledge base at all, and does each
informative word have a counterpart (the same word, a close spelling, or, for a
word the knowledge base knows, one with a close embedding) in the article found?
Nine such signals go into a small logistic regression (`AbstainModel`), fitted by
`scripts/tune_abstain.py` on development questions of several knowledge bases, each
signal measured against the knowledge base's own heading questions (`bot.kb.calibration`):
raw, the word signals did not carry over to another knowledge base, whose customers
write longer, chattier questions.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, strip_accents_unicode

from bot.embeddings import embedding_dimension, encode

if TYPE_CHECKING:  # pragma: no cover
    from sentence_transformers import SentenceTransformer

#: The signals the abstain model reads, in its coefficient order.
FEATURES: Tuple[str, ...] = (
    "score",          # fused score of the best article
    "margin",         # its lead over the best other article (not its translation)
    "dense",          # dense cosine of its best passage
    "dense_max",      # best dense cosine over all passages
    "lexical",        # lexical score of its best passage
    "unknown_words",  # IDF-weighted share of the question's words the knowledge base has nothing spelled like
    "covered_words",  # IDF-weighted share of them that the best article uses
    "weakest_link",   # the informative word with the worst counterpart in the article
    "mean_link",      # the mean counterpart strength of the informative words
)
#: The signals that depend only on the scores.
SCORE_FEATURES: Tuple[str, ...] = ("score", "margin", "dense", "dense_max", "lexical")
#: The ones the shipped model reads (`scripts/tune_abstain.py`): all nine. With four families of
#: knowledge bases the score signals, the unknown-word share and the weakest link were best (mean
#: abstain recall 0.52 -> 0.62); with seven (Mostrador, Plantel, Zarpa added), leave one family out,
#: the covered-word share and the mean link as well cost fewer right answers on six of the seven
#: (docs/BENCHMARKS.md, issue 10, 2026-11-28 13:00).
SHIPPED_FEATURES: Tuple[str, ...] = FEATURES
#: A word used in more than this share of passages ("the", "pulsa", "documento") says
#: nothing about the topic and is left out of the word links (in a knowledge base
#: so small that the share is under `MIN_COMMON_PASSAGES`, that count is used instead).
COMMON_WORD_SHARE = 0.08
MIN_COMMON_PASSAGES = 2
#: At most this many informative words per question are linked (the rarest first), so a
#: pasted 5,000-character message costs no more than a short question.
MAX_LINKED_WORDS = 8
#: A question's word counts as known to the knowledge base when one of its words shares at least this
#: trigram Jaccard with it ("archiven" / "archivar", "correos" / "correo"): counting only the exact word
#: read a chatty question's inflections as words the knowledge base never uses, and turned right answers
#: away (issue 10, 2026-11-29: leave one family out at the operating point shipped before, mean end to
#: end +0.6 points and no family worse by more than 0.2; Jaccard 0.4 was worse, 0.5 chosen).
SPELLED_ALIKE = 0.5
_WORD = re.compile(r"\b\w+\b")


def words_of(text: str) -> List[str]:
    """Lower-case, accent-folded word tokens, as the lexical index sees them."""
    return _WORD.findall(strip_accents_unicode(text.lower()))


def trigrams(word: str) -> FrozenSet[str]:
    """Character trigrams of a word padded with spaces (catches inflections and typos)."""
    padded = f" {word} "
    return frozenset(padded[i:i + 3] for i in range(len(padded) - 2))


@dataclass
class WordVocabulary:
    """Every word of the knowledge base with its IDF, its embedding and the articles using it.

    Built with the index (`build`), saved beside it, and read by the search.
    """

    words: List[str]
    idf: np.ndarray
    vectors: np.ndarray
    article_words: Dict[str, np.ndarray]
    passages: int

    @classmethod
    def build(cls, passage_texts: Sequence[str], passage_articles: Sequence[str], model: "SentenceTransformer",
              prefix: str = "", previous: Optional[Mapping[str, np.ndarray]] = None,
              show_progress: bool = False) -> "WordVocabulary":
        """Collect the words of every passage and embed those not in `previous` (word -> vector)."""
        document_frequency: Dict[str, int] = {}
        by_article: Dict[str, set] = {}
        for text, article in zip(passage_texts, passage_articles):
            unique = set(words_of(text))
            for word in unique:
                document_frequency[word] = document_frequency.get(word, 0) + 1
            by_article.setdefault(article, set()).update(unique)
        words = sorted(document_frequency)
        position = {word: i for i, word in enumerate(words)}
        n = len(passage_texts)
        idf = np.array([math.log((1 + n) / (1 + document_frequency[w])) + 1 for w in words], dtype=np.float32)
        previous = previous or {}
        missing = [w for w in words if w not in previous]
        fresh = dict(zip(missing, encode(model, missing, prefix=prefix, batch_size=256,
                                         show_progress_bar=show_progress and bool(missing))))
        dim = embedding_dimension(model)
        vectors = np.zeros((len(words), dim), dtype=np.float32)
        for i, word in enumerate(words):
            vectors[i] = fresh[word] if word in fresh else previous[word]
        article_words = {a: np.array(sorted(position[w] for w in ws), dtype=np.int32) for a, ws in by_article.items()}
        return cls(words, idf, vectors, article_words, n)

    def save(self, directory: Path) -> None:
        """Write words.json and word_embeddings.npy into the index folder."""
        np.save(directory / "word_embeddings.npy", self.vectors)
        with open(directory / "words.json", "w", encoding="utf-8") as handle:
            json.dump({"words": self.words, "idf": [round(float(v), 5) for v in self.idf], "passages": self.passages,
                       "article_words": {a: ids.tolist() for a, ids in self.article_words.items()}},
                      handle, ensure_ascii=False)

    @classmethod
    def load(cls, directory: Path) -> "WordVocabulary":
        """Read what `save` wrote."""
        with open(directory / "words.json", encoding="utf-8") as handle:
            data = json.load(handle)
        return cls(data["words"], np.asarray(data["idf"], dtype=np.float32), np.load(directory / "word_embeddings.npy"),
                   {a: np.asarray(ids, dtype=np.int32) for a, ids in data["article_words"].items()},
                   int(data["passages"]))

    def vectors_by_word(self) -> Dict[str, np.ndarray]:
        """word -> vector, for re-using embeddings in the next build."""
        return dict(zip(self.words, self.vectors))


def trigram_counts(words: Sequence[str]) -> np.ndarray:
    """How many distinct trigrams each word has (`trigrams`), as float32."""
    return np.array([len(trigrams(w)) for w in words], dtype=np.float32)


def trigram_jaccard(shared: np.ndarray, counts_a: np.ndarray, counts_b: np.ndarray) -> np.ndarray:
    """The Jaccard similarity of two words' trigram sets, from how many they share and how many each
    has: |A ∩ B| / (|A| + |B| - |A ∩ B|); element-wise, so whole tables of words at once."""
    return shared / (counts_a + counts_b - shared)


class WordLinker:
    """Computes the answerability signals of a question against the article found for it."""

    def __init__(self, vocabulary: WordVocabulary) -> None:
        self.vocabulary = vocabulary
        self.position = {word: i for i, word in enumerate(vocabulary.words)}
        self.unknown_idf = float(math.log(1 + vocabulary.passages) + 1)
        common_df = max(COMMON_WORD_SHARE * vocabulary.passages, MIN_COMMON_PASSAGES)
        # idf = log((1+n)/(1+df)) + 1, so df > common_df  <=>  idf < this bound
        self.common_idf = float(math.log((1 + vocabulary.passages) / (1 + common_df)) + 1)
        self._trigram_vectorizer = CountVectorizer(analyzer=trigrams, binary=True, dtype=np.float32)
        self._word_trigrams = self._trigram_vectorizer.fit_transform(vocabulary.words or [""]).tocsr()
        self._trigram_counts = np.asarray(self._word_trigrams.sum(axis=1)).ravel()
        self._trigrams_by_word = self._word_trigrams.T.tocsr()  # (trigrams, words), for `spelled_alike`
        self._article_sets: Dict[str, FrozenSet[int]] = {}

    def _idf(self, word: str) -> float:
        i = self.position.get(word)
        return self.unknown_idf if i is None else float(self.vocabulary.idf[i])

    def _words_in(self, article_id: str) -> FrozenSet[int]:
        """Positions of the words `article_id` uses (built once per article)."""
        words = self._article_sets.get(article_id)
        if words is None:
            ids = self.vocabulary.article_words.get(article_id, np.zeros(0, dtype=np.int32))
            words = self._article_sets[article_id] = frozenset(ids.tolist())
        return words

    def informative(self, words: Iterable[str]) -> List[str]:
        """The words that carry the topic: not common in the knowledge base, not numbers, not one
        or two letters; at most `MAX_LINKED_WORDS`, the rarest first."""
        kept = [w for w in dict.fromkeys(words) if len(w) > 2 and not w.isdigit() and self._idf(w) >= self.common_idf]
        return sorted(kept, key=lambda w: -self._idf(w))[:MAX_LINKED_WORDS]

    def spelled_alike(self, words: Sequence[str]) -> np.ndarray:
        """For each word, whether the knowledge base uses it or a word spelled like it (`SPELLED_ALIKE`)."""
        known = np.array([w in self.position for w in words], dtype=bool)
        unknown = [w for w, k in zip(words, known) if not k]
        if unknown and self.vocabulary.words:
            # only the vocabulary words sharing a trigram with one of them (sparse: ~1 ms at 30,000 words)
            shared = (self._trigram_vectorizer.transform(unknown) @ self._trigrams_by_word).tocoo()
            counts = trigram_counts(unknown)
            jaccard = trigram_jaccard(shared.data, counts[shared.row], self._trigram_counts[shared.col])
            best = np.zeros(len(unknown), dtype=np.float64)
            np.maximum.at(best, shared.row, jaccard)
            known[~known] = best >= SPELLED_ALIKE
        return known

    def links(self, words: Sequence[str], article_id: str) -> List[float]:
        """For each word, its best counterpart in the article: 1 for the word itself, else the
        best of the embedding cosine and the trigram Jaccard with the article's words.

        A word the knowledge base never uses has no stored vector; it is linked by spelling
        only, because encoding it would nearly double the time of a search (median 21 -> 37 ms).
        """
        if not words:
            return []
        article = self.vocabulary.article_words.get(article_id)
        if article is None or article.size == 0:
            return [0.0 for _ in words]
        in_article = self._words_in(article_id)
        article_vectors = self.vocabulary.vectors[article]
        article_trigrams = self._word_trigrams[article]
        article_counts = self._trigram_counts[article]
        query_trigrams = self._trigram_vectorizer.transform(list(words))
        shared = (article_trigrams @ query_trigrams.T).toarray()  # (article words, query words)
        jaccard = trigram_jaccard(shared, article_counts[:, None], trigram_counts(words)[None, :])
        strengths = []
        for column, word in enumerate(words):
            i = self.position.get(word)
            if i is not None and i in in_article:
                strengths.append(1.0)
                continue
            spelling = float(jaccard[:, column].max())
            if i is None:
                strengths.append(spelling)
            else:
                strengths.append(max(float(np.max(article_vectors @ self.vocabulary.vectors[i])), spelling))
        return strengths

    def features(self, query: str, article_id: str, score: float, second_score: float, dense: float,
                 dense_max: float, lexical: float) -> Dict[str, float]:
        """All of `FEATURES` for the best article `article_id` of `query`."""
        words = words_of(query)
        weights = np.array([self._idf(w) for w in words], dtype=np.float64)
        article = self._words_in(article_id)
        known = self.spelled_alike(words)
        used = np.array([self.position.get(w, -1) in article for w in words], dtype=bool)
        total = float(weights.sum()) or 1.0
        strengths = self.links(self.informative(words), article_id)
        return {
            "score": score,
            "margin": score - second_score,
            "dense": dense,
            "dense_max": dense_max,
            "lexical": lexical,
            "unknown_words": float(weights[~known].sum() / total) if words else 1.0,
            "covered_words": float(weights[used].sum() / total) if words else 0.0,
            "weakest_link": min(strengths) if strengths else 1.0,
            "mean_link": float(np.mean(strengths)) if strengths else 1.0,
        }


#: The word signals, and whether a higher value means better linked (`better_reading`).
WORD_SIGNALS: Tuple[Tuple[str, bool], ...] = (("unknown_words", False), ("covered_words", True),
                                               ("weakest_link", True), ("mean_link", True))


def better_reading(asked: Mapping[str, float], translated: Mapping[str, float]) -> Dict[str, float]:
    """The signals of a question as asked, each word signal replaced by the better of the two readings
    (the question as asked, and translated into the found article's language); the score signals are
    the same in both."""
    out = dict(asked)
    for name, higher in WORD_SIGNALS:
        out[name] = max(asked[name], translated[name]) if higher else min(asked[name], translated[name])
    return out


@dataclass(frozen=True)
class AbstainModel:
    """A standardised logistic regression over `FEATURES`: the probability that no article answers."""

    mean: Tuple[float, ...]
    scale: Tuple[float, ...]
    coef: Tuple[float, ...]
    intercept: float
    threshold: float
    features: Tuple[str, ...] = FEATURES

    def probability(self, values: Mapping[str, float]) -> float:
        """P(no article answers) for one question's signals."""
        x = np.array([values[name] for name in self.features], dtype=np.float64)
        z = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        logit = float(z @ np.asarray(self.coef) + self.intercept)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))

    def abstains(self, values: Mapping[str, float]) -> bool:
        """True when the probability reaches the tuned threshold."""
        return self.probability(values) >= self.threshold

    def to_dict(self) -> dict:
        """The JSON form kept in kb_index/search_config.json."""
        return {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept, "threshold": self.threshold}

    @classmethod
    def from_dict(cls, data: Mapping) -> "AbstainModel":
        """Read `to_dict`'s form; the feature list must be this program's."""
        features = tuple(data["features"])
        if set(features) - set(FEATURES):
            raise ValueError(f"unknown abstain features: {sorted(set(features) - set(FEATURES))}")
        return cls(tuple(map(float, data["mean"])), tuple(map(float, data["scale"])),
                   tuple(map(float, data["coef"])), float(data["intercept"]), float(data["threshold"]), features)


def fit_abstain_model(rows: Sequence[Mapping[str, float]], unanswerable: Sequence[bool], c: float,
                      threshold: float = 0.5, features: Sequence[str] = FEATURES,
                      weights: Optional[Sequence[float]] = None) -> AbstainModel:
    """Fit the standardised logistic regression on labelled development questions (`weights`
    lets each knowledge base and each class count as much as wanted)."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([[row[name] for name in features] for row in rows], dtype=np.float64)
    y = np.asarray(unanswerable, dtype=bool)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    classifier = LogisticRegression(C=c).fit((x - mean) / scale, y, sample_weight=weights)
    return AbstainModel(tuple(mean.round(6)), tuple(scale.round(6)), tuple(classifier.coef_[0].round(6)),
                        round(float(classifier.intercept_[0]), 6), threshold, tuple(features))
