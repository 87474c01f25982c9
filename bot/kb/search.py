"""The search behind `action_answer_from_kb` (`KnowledgeBase.answer`) and `python -m bot.kb search`.

A query is scored against every passage twice, by meaning (sentence embeddings)
and by words (TF-IDF), and the two cosines are mixed with a per-language weight:
the default embedding model is English-only, so Spanish leans on the lexical side.
With translation, each passage's title and heading are matched as a field of their
own too (`heading_weight`). The best passage per article ranks the articles. Whether
the top article is the answer is decided by the abstain model (`bot.kb.answerability`): a logistic
regression over the best articles' scores, each read against the levels the build
measured on the knowledge base's own heading questions (`bot.kb.calibration`).
Without a model the fused score alone is compared with a threshold.
`scripts/tune_kb.py` writes the weights and `scripts/tune_abstain.py` the model to
`kb_index/search_config.json`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from bot.embeddings import encode, load_model, use_serving_threads
from bot.kb.answerability import AbstainModel, WordLinker, better_reading
from bot.kb.accents import restore_accents
from bot.kb.lexical import LexicalIndex
from bot.kb.platforms import platforms_named, uncovered_platform
from bot.kb.product_words import article_word_sets, product_words, without_product_words
from bot.kb.index import SEARCH_CONFIG_FILE, check_index, load_abstain_model, load_index_files, load_views, load_vocabulary
from bot.kb.translate import TranslationError, Translator, other_language, shared_translator
from bot.kb.retrieval import best_per_group, cosine_scores, fuse_scores, top_k
from bot.language import DEFAULT_LANGUAGE, detect_language, supported_language
from bot.settings import PROJECT_ROOT, Settings
from bot.text import has_words, normalise, without_laughter, without_markup

logger = logging.getLogger(__name__)

#: Passages looked at to find `top_k` distinct articles.
PASSAGES_PER_RESULT = 8
MAX_QUERY_CHARS = 1000
#: A passage shorter than this (an article's introduction) is quoted with the section after it.
SHORT_PASSAGE_CHARS = 200
#: Weight of the question's match with a section heading when choosing the passage to quote.
HEADING_WEIGHT = 0.3
#: Share of that match read on character n-grams rather than whole words, so a verb form ("restauro")
#: meets its heading ("Restaurar"); 0.3 was best or tied on every leave-one-family-out split of the
#: passage questions (0.3 / 0.5 / 1.0 tried).
HEADING_CHAR_SHARE = 0.3
#: Read a question's word signals in the found article's language too when that is not the question's and
#: the article has no version in it (`KnowledgeBase.abstain_signals`); False reads them as asked only, as
#: before (issue 10, 2026-11-29: leave bases out over 16 unseen bases, cross-lingual end to end +2.4 points).
CROSS_READING = True
#: Articles ranked for an answer (the abstain signals look at the runners-up).
ANSWER_RESULTS = 5
#: Articles looked at for the next-best one, offered after "no, it did not help".
NEXT_ARTICLE_CANDIDATES = 6
#: That second suggestion may score lower than a first answer: down to this share of the threshold.
NEXT_ARTICLE_RATIO = 0.75


@dataclass(frozen=True)
class SearchConfig:
    """Fusion weights, the abstain model and the score threshold (tuned, then committed).

    `abstain_threshold` is the fused score under which an article is not worth
    showing; it decides abstention on its own only when there is no `abstain_model`.
    """

    dense_weight: Dict[str, float]
    abstain_threshold: float
    abstain_model: Optional[AbstainModel] = None
    #: Share of the translated evidence in the final score (0: same-language search only).
    cross_share: float = 0.5
    #: Dense weight of the translated evidence (English-version vectors, per-language TF-IDF).
    cross_dense_weight: float = 0.5
    #: {"centre": [...], "gap": [...]}: the heading-question anchors of each abstain signal the
    #: model was fitted for (`bot.kb.calibration`); None: no calibration at build time.
    calibration_reference: Optional[dict] = None
    #: Weight of the question's match with each passage's title and heading (both language
    #: versions) added to the translated evidence's score (0: no heading field).
    heading_weight: float = 0.0
    #: Share of the question's own-language words read on its round trip (translated to the other
    #: language and back) rather than as asked (0: as asked only). An article written in the other
    #: language is matched through Apertium's rendering of it, one written in the question's language
    #: through its own wording and through Apertium's rendering of that: the question as asked met the
    #: second kind with words and rendering both in agreement, so an article in its own language on a
    #: neighbouring topic outranked the right one in the other language. Read through Apertium too,
    #: the question meets both kinds alike.
    round_trip_share: float = 0.0

    @classmethod
    def load(cls, path: Path = SEARCH_CONFIG_FILE) -> "SearchConfig":
        """Read the tuned configuration; fall back to even weights when absent."""
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            logger.warning("No %s; using untuned defaults", path)
            return cls({"es": 0.5, "en": 0.5}, 0.3)
        model = data.get("abstain_model")
        return cls({k: float(v) for k, v in data["dense_weight"].items()}, float(data["abstain_threshold"]),
                   AbstainModel.from_dict(model) if model else None,
                   float(data.get("cross_share", 0.5)), float(data.get("cross_dense_weight", 0.5)),
                   data.get("calibration_reference"), float(data.get("heading_weight", 0.0)),
                   float(data.get("round_trip_share", 0.0)))


def query_text(query: str) -> str:
    """The words of a customer's question that are searched: without markup or laughter, cut to
    MAX_QUERY_CHARS."""
    return without_laughter(without_markup(normalise(query)))[:MAX_QUERY_CHARS]


@dataclass
class Hit:
    """One article in the results, with the passage that scored best."""

    id: str
    title: str
    score: float
    url: Optional[str]
    lang: str
    heading: str
    passage: str
    passage_index: int = -1

    def public(self) -> dict:
        """The fields of the command-line contract."""
        return {"id": self.id, "title": self.title, "score": round(self.score, 4), "url": self.url}


@dataclass
class SearchOutcome:
    """The ranked articles and whether the assistant would answer (and with which)."""

    query: str
    answer: Optional[str]
    results: List[Hit] = field(default_factory=list)
    language: str = DEFAULT_LANGUAGE
    #: The abstain model's inputs for the best article (`bot.kb.answerability.FEATURES`).
    signals: Optional[Dict[str, float]] = None
    #: The abstain model's P(no article answers), when a model decided.
    abstain_probability: Optional[float] = None
    #: True when the best article was turned away because the question asks whether the product runs
    #: on a system it never names (`KnowledgeBase.platform_uncovered`).
    platform_uncovered: bool = False

    def public(self) -> dict:
        """The JSON object of the command-line contract."""
        return {"query": self.query, "answer": self.answer, "results": [h.public() for h in self.results]}


@dataclass(frozen=True)
class ShownArticle:
    """An article as the customer sees it: in their language, with the passage to quote."""

    id: str
    title: str
    url: Optional[str]
    #: The text to quote (`KnowledgeBase.answer_text` of the passage chosen).
    passage: str
    passage_index: int
    #: The fused score of the article's best passage (in either language version).
    score: float


@dataclass(frozen=True)
class KBAnswer:
    """Everything a turn of level 0 needs from the knowledge base, from one scoring of the query.

    `article` is None when the assistant abstains. `next_article` is the best article not
    shown yet that is still worth offering after "no, it did not help".
    """

    query: str
    language: str
    article: Optional[ShownArticle]
    next_article: Optional[ShownArticle]
    #: The fused score of the best passage found (None: nothing found).
    top_score: Optional[float] = None
    #: The abstain model's P(no article answers), when a model decided.
    abstain_probability: Optional[float] = None
    #: True when the best article was turned away for a system it never names (`SearchOutcome`).
    platform_uncovered: bool = False

    @property
    def abstained(self) -> bool:
        """True when no article answers the question."""
        return self.article is None


def heading_field_indexes(passages: List[dict], articles: Dict[str, dict], views: Dict[str, LexicalIndex]
                          ) -> Dict[str, LexicalIndex]:
    """TF-IDF over each passage's title and heading, in its Spanish and its English version.

    A chatty question ("una empleada se ha ido, la borro?") shares its few topic words with
    a title or heading ("Staff accounts — Deactivating an employee") more sharply than with
    the steps below it, which every section of an article shares. Built at load with the
    vectorizers of each language's view (`views`), so the query is vectorised once for both;
    the lines are already in the index (the translated one opens the passage's translation).
    """
    lines: Dict[str, List[str]] = {"es": [], "en": []}
    for passage in passages:
        own, title = passage["lang"], articles[passage["article_id"]]["title"]
        own_line = title if passage["heading"] == title else f"{title} — {passage['heading']}"
        translated = passage.get("translated")
        lines[own].append(own_line)
        lines[other_language(own)].append(translated.split("\n", 1)[0] if translated else own_line)
    return {lang: views[lang].field(lines[lang]) for lang in ("es", "en")}


class KnowledgeBase:
    """A loaded index plus its model, ready to answer queries."""

    def __init__(self, index_dir: Path, settings: Settings, config: Optional[SearchConfig] = None,
                 articles_dir: Optional[Path] = None, translator: Union[Translator, None, str] = "shared",
                 use_index_model: bool = True) -> None:
        check_index(index_dir, settings.embedding_model, settings.query_prefix, settings.passage_prefix,
                    articles_dir, building=not use_index_model)
        self.passages, self.articles, self.vectors, self.lexical = load_index_files(index_dir)
        self.views = load_views(index_dir)
        self.translated = any(p.get("translated") for p in self.passages)
        self.translator = shared_translator() if translator == "shared" else translator
        self.passage_article = [p["article_id"] for p in self.passages]
        self.model = load_model(settings.embedding_model)
        self.linker = WordLinker(load_vocabulary(index_dir))
        #: The product's names, left out of the question when the abstain signals are read.
        self.product_words = product_words(article_word_sets(self.passages), self.articles)
        #: Every passage's heading as words, for choosing the passage to quote (`_choose_passage`).
        self.heading_words = self.lexical.word_vectorizer.transform([p["heading"] for p in self.passages])
        #: The same headings as character n-grams: a verb form ("restauro") meets its heading ("Restaurar").
        self.heading_chars = self.lexical.char_vectorizer.transform([p["heading"] for p in self.passages])
        #: Every passage's "title — heading" in each language version, as a field of its own.
        self.heading_field = heading_field_indexes(self.passages, self.articles, self.views.lexical)
        use_serving_threads()
        self.query_prefix = settings.query_prefix
        self.config = config or SearchConfig.load()
        # the abstain model calibrated on these articles at build time decides, when there is one
        self.abstain_model = (load_abstain_model(index_dir) if use_index_model else None) or self.config.abstain_model
        #: Each article's title, tags and passages: the systems it names (`bot.kb.platforms`).
        self.article_text: Dict[str, str] = {}
        for article_id, meta in self.articles.items():
            self.article_text[article_id] = " ".join([meta.get("title", ""), " ".join(meta.get("tags") or [])])
        for passage in self.passages:  # every passage's own text (`translated` is its machine translation)
            if passage.get("text"):
                self.article_text[passage["article_id"]] = self.article_text.get(passage["article_id"], "") + " " + \
                    passage.get("heading", "") + " " + passage.get("text", "")
        self.translations: Dict[str, Dict[str, str]] = {}
        for article_id, meta in self.articles.items():
            other = meta.get("translation_of")
            if other and other in self.articles:
                self.translations.setdefault(article_id, {})[self.articles[other]["lang"]] = other
                self.translations.setdefault(other, {})[meta["lang"]] = article_id

    @classmethod
    def from_settings(cls, settings: Optional[Settings] = None, check_articles: bool = True) -> "KnowledgeBase":
        """Start-up: the index and model named by the settings."""
        settings = settings or Settings.from_env()
        return cls(settings.kb_index_dir, settings,
                   articles_dir=settings.kb_articles_dir if check_articles else None)

    def in_language(self, article_id: str, language: str) -> str:
        """The same article in `language` when it exists, else `article_id` itself."""
        if self.articles[article_id]["lang"] == language:
            return article_id
        return self.translations.get(article_id, {}).get(language, article_id)

    def same_article(self, a: str, b: str) -> bool:
        """True when `a` and `b` are the same article or translations of each other."""
        return a == b or b in self.translations.get(a, {}).values()

    def translate_query(self, text: str, language: str) -> Optional[str]:
        """`text` in the other language (Spanish accents restored first), or None without translation."""
        if self.translator is None or not self.translated:
            return None
        source = restore_accents(text, self.views.accents) if language == "es" else text
        try:
            return self.translator.translate(source, language, other_language(language))
        except TranslationError as exc:
            logger.warning("Query translation failed, searching in one language: %s", exc)
            return None

    def translate_back(self, translated: str, language: str) -> Optional[str]:
        """`translated` (the question in the other language) brought back into `language`, or None."""
        if self.translator is None:
            return None
        try:
            return self.translator.translate(translated, other_language(language), language)
        except TranslationError as exc:
            logger.warning("Round-trip translation failed, matching the question as asked: %s", exc)
            return None

    def scores(self, query: str, language: str, translated: Optional[str] = "auto") -> tuple:
        """Dense, lexical and fused scores of `query` for every passage.

        Same-language evidence (the query against the articles' own text) is mixed with
        translated evidence: the English version of the query against the English version of
        every passage by meaning (the model is English-only), and the query in each language
        against every passage's version in that language by words. In its own language the query is
        read on its round trip, translated and back (`SearchConfig.round_trip_share`).
        """
        if translated == "auto":
            translated = self.translate_query(query, language)
        weight = self.config.dense_weight.get(language, self.config.dense_weight.get(DEFAULT_LANGUAGE, 0.5))
        if not translated:
            query_vector = encode(self.model, [query], prefix=self.query_prefix)[0]
            dense = cosine_scores(query_vector, self.vectors)
            lexical = self.lexical.scores(query)
            return dense, lexical, fuse_scores(dense, lexical, weight)
        in_language = {language: query, other_language(language): translated}
        share = self.config.cross_share
        english_vector = encode(self.model, [in_language["en"]], prefix=self.query_prefix)[0]
        dense_cross = cosine_scores(english_vector, self.views.vectors_en)
        # the question's own language is read as asked and on its round trip, each with its share
        readings = {lang: [(1.0, in_language[lang])] for lang in ("es", "en")}
        back_share = self.config.round_trip_share
        back = self.translate_back(translated, language) if back_share > 0 else None
        if back:
            readings[language] = [(part, text) for part, text in ((1.0 - back_share, query), (back_share, back))
                                  if part > 0]
        lexical_cross = np.zeros(len(self.passages), dtype=np.float32)
        heading = np.zeros(len(self.passages), dtype=np.float32)
        fields = self.heading_field
        for lang in ("es", "en"):
            view = self.views.lexical[lang]
            for part, text in readings[lang]:
                vectors = view.query_vectors(text)
                lexical_cross += part * view.scores(vectors) / 2.0
                if self.config.heading_weight:
                    heading += part * fields[lang].scores(fields[lang].field_query(vectors)) / 2.0
        fused = fuse_scores(dense_cross, lexical_cross, self.config.cross_dense_weight)
        if self.config.heading_weight:
            fused = fused + self.config.heading_weight * heading
        if share >= 1.0:  # the tuned setting: each language's versions already hold the own-language text
            return dense_cross, lexical_cross, fused
        if language == "en":  # the English query is the text just embedded
            dense_own = dense_cross if np.array_equal(self.vectors, self.views.vectors_en) else cosine_scores(
                english_vector, self.vectors)
        else:
            dense_own = cosine_scores(encode(self.model, [query], prefix=self.query_prefix)[0], self.vectors)
        lexical_own = self.lexical.scores(query)
        fused = (1 - share) * fuse_scores(dense_own, lexical_own, weight) + share * fused
        dense = (1 - share) * dense_own + share * dense_cross
        lexical = (1 - share) * lexical_own + share * lexical_cross
        return dense, lexical, fused

    def search(self, query: str, k: int = 5, language: Optional[str] = None,
               exclude: Optional[Sequence[int]] = None) -> SearchOutcome:
        """Rank articles for `query` and decide whether to answer.

        Args:
            query: the customer's question, any length (cut to 1,000 characters).
            k: how many distinct articles to return.
            language: "es"/"en"; detected from the query when None.
            exclude: passages to leave out (the build's calibration holds parts of articles out).

        Returns:
            A SearchOutcome; `answer` is None when the assistant would abstain.
        """
        text = query_text(query)
        language = supported_language(language) or detect_language(text) or DEFAULT_LANGUAGE
        if not has_words(text) or k <= 0:
            return SearchOutcome(query, None, [], language)
        translated = self.translate_query(text, language)
        return self.rank(query, text, language, translated, self.scores(text, language, translated), k, exclude,
                         self.plain_scores(text, language))

    def answer(self, query: str, language: Optional[str] = None, shown: Optional[Sequence[str]] = None,
               query_language: Optional[str] = None) -> KBAnswer:
        """The article that answers `query` (or none), its passage, and the next-best article.

        The query is translated, embedded and scored once; the ranking, the abstain decision and
        both passage choices reuse those scores (the actions used to search, then re-score the
        query to choose the passage, then search again for the next article).

        Args:
            query: the customer's question (cut to 1,000 characters).
            language: the customer's language, "es"/"en"; detected from the query when None.
            shown: articles the customer has already seen; `next_article` is none of them nor
                their translations. Default: the answer itself.
            query_language: the language the query is written in when it is not `language` (a
                customer who asked for answers in English and still writes Spanish): the query is
                searched as what it is, and the answer shown in `language`.

        Returns:
            A KBAnswer; its articles are in `language` when a version in it exists.
        """
        text = query_text(query)
        language = supported_language(language) or detect_language(text) or DEFAULT_LANGUAGE
        asked_in = supported_language(query_language) or language
        if not has_words(text):
            return KBAnswer(query, language, None, None)
        translated = self.translate_query(text, asked_in)
        scores = self.scores(text, asked_in, translated)
        fused = scores[2]
        outcome = self.rank(query, text, asked_in, translated, scores, ANSWER_RESULTS,
                            plain=self.plain_scores(text, asked_in))
        asked_words: Dict[str, object] = {}  # the question as words, for both passage choices
        article = None
        if outcome.answer is not None:
            article = self._shown(self.in_language(outcome.answer, language), outcome.results[0].score, text,
                                  asked_in, translated, fused, asked_words)
        seen = list(shown) if shown is not None else [article.id] if article else []
        next_article = None
        for hit in self._article_hits(fused, NEXT_ARTICLE_CANDIDATES):
            if hit.score < self.config.abstain_threshold * NEXT_ARTICLE_RATIO:
                break
            if not any(self.same_article(hit.id, done) for done in seen):
                next_article = self._shown(self.in_language(hit.id, language), hit.score, text, asked_in,
                                           translated, fused, asked_words)
                break
        return KBAnswer(query, language, article, next_article,
                        outcome.results[0].score if outcome.results else None, outcome.abstain_probability,
                        outcome.platform_uncovered)

    def retell(self, article_id: str, query: str, language: str, query_language: Optional[str] = None
               ) -> Optional[ShownArticle]:
        """An article already answered, told again in `language` ("can you answer in English?").

        Its version in `language` where one exists (`translation_of`), else the article itself;
        the passage is chosen for the question as first asked, in `query_language`. None when
        `article_id` is not in the index (it was rebuilt meanwhile).
        """
        if article_id not in self.articles:
            return None
        text = query_text(query)
        asked_in = supported_language(query_language) or detect_language(text) or DEFAULT_LANGUAGE
        target = self.in_language(article_id, language)
        if not has_words(text):
            rows = [i for i, a in enumerate(self.passage_article) if a == target]
            meta = self.articles[target]
            return ShownArticle(target, meta["title"], meta.get("url"), self.answer_text(rows[0]), rows[0], 0.0)
        translated = self.translate_query(text, asked_in)
        fused = self.scores(text, asked_in, translated)[2]
        return self._shown(target, float(fused.max()), text, asked_in, translated, fused, {})

    def _shown(self, article_id: str, score: float, text: str, language: str, translated: Optional[str],
               fused: np.ndarray, asked_words: Dict[str, object]) -> ShownArticle:
        """`article_id` with its passage chosen from the query's scores."""
        meta = self.articles[article_id]
        index = self._choose_passage(article_id, text, language, translated, fused, asked_words)
        return ShownArticle(article_id, meta["title"], meta.get("url"), self.answer_text(index), index, score)

    def _article_hits(self, fused: np.ndarray, wanted: int) -> List[Hit]:
        """The `wanted` best articles by their best passage, best first."""
        passage_hits = top_k(fused, wanted * PASSAGES_PER_RESULT)
        hits = []
        for hit in best_per_group(passage_hits, self.passage_article)[:wanted]:
            i = hit["corpus_id"]
            article_id = self.passage_article[i]
            meta = self.articles[article_id]
            hits.append(Hit(article_id, meta["title"], hit["score"], meta.get("url"), meta["lang"],
                            self.passages[i]["heading"], self.passages[i]["text"], i))
        return hits

    def plain_scores(self, text: str, language: str) -> Optional[Tuple[str, Optional[str], tuple]]:
        """The question without the product's names, translated and scored, for the abstain
        signals (`bot.kb.product_words`); None when it names no product (almost always)."""
        plain = without_product_words(text, self.product_words)
        if plain == text:
            return None
        translated = self.translate_query(plain, language)
        return plain, translated, self.scores(plain, language, translated)

    @staticmethod
    def _held_out(scores: tuple, exclude: Optional[Sequence[int]]) -> tuple:
        """`scores` with the passages `exclude` scored -1 (copies; the originals are kept)."""
        dense, lexical, fused = scores
        if exclude is not None and len(exclude):
            fused, dense = fused.copy(), dense.copy()
            fused[np.asarray(exclude, dtype=np.int64)] = -1.0
            dense[np.asarray(exclude, dtype=np.int64)] = -1.0
        return dense, lexical, fused

    def rank(self, query: str, text: str, language: str, translated: Optional[str], scores: tuple, k: int = 5,
             exclude: Optional[Sequence[int]] = None,
             plain: Optional[Tuple[str, Optional[str], tuple]] = None) -> SearchOutcome:
        """The articles and the decision from the scores of `search` (computed once, ranked with
        different passages held out by the build's calibration). `plain` (`plain_scores`) is the
        question without the product's names: the articles are ranked on the question as asked,
        the abstain signals are read on `plain`."""
        dense, lexical, fused = self._held_out(scores, exclude)
        # at least three articles, so that a second topic is there besides the top one's translation
        hits = self._article_hits(fused, max(k, 3))
        answer, signals, probability, uncovered = None, None, None, False
        if hits:
            signal_hits, signal_text, signal_scores = hits, text, (dense, lexical)
            signal_translated = translated
            if plain is not None:
                plain_dense, plain_lexical, plain_fused = self._held_out(plain[2], exclude)
                plain_hits = self._article_hits(plain_fused, 3)
                if plain_hits:
                    signal_hits, signal_text = plain_hits, plain[0]
                    signal_scores = (plain_dense, plain_lexical)
                    signal_translated = plain[1]
            # the question's words as asked: the vocabulary holds every article in both languages (its
            # translation too), so they are linked against the article found in the question's language
            signals = self.abstain_signals(signal_text, signal_hits, *signal_scores, language=language,
                                           translated=signal_translated)
            answers = hits[0].score >= self.config.abstain_threshold
            if self.abstain_model is not None:
                probability = self.abstain_model.probability(signals)
                answers = probability < self.abstain_model.threshold
            if answers and self.platform_uncovered(text, hits[0].id):
                uncovered = True
            elif answers:
                answer = self.in_language(hits[0].id, language)
        return SearchOutcome(query, answer, hits[:k], language, signals, probability, uncovered)

    def platform_uncovered(self, question: str, article_id: str) -> bool:
        """True when `question` asks whether the product runs on a system the article (about other
        systems) never names: "does PaperOffice run on Linux?" is no question for "Install on Windows"."""
        return uncovered_platform(question, self._text_of(article_id), self.product_words)

    def names_platform(self, article_id: str, families) -> bool:
        """True when the article (or a version of it) names one of the platform `families`."""
        return bool(platforms_named(self._text_of(article_id)) & set(families))

    def _text_of(self, article_id: str) -> str:
        text = self.article_text.get(article_id, "")
        for other in self.translations.get(article_id, {}).values():
            text += " " + self.article_text.get(other, "")
        return text

    def abstain_signals(self, text: str, hits: List[Hit], dense: np.ndarray, lexical: np.ndarray,
                        language: Optional[str] = None, translated: Optional[str] = None) -> Dict[str, float]:
        """The abstain model's inputs for the best hit (see `bot.kb.answerability.FEATURES`).

        When the article found is in the other language than the question, the question's words are
        also read in that language (`translated`), and each word signal is the better of the two
        readings (`bot.kb.answerability.better_reading`): linked only as asked, against the article's rough
        machine translation, a customer's own words ("borrar" for the translation's "eliminar")
        looked missing and turned right cross-lingual answers away. An article that has a version in
        the question's language is read as asked only: reading an unanswerable question's translation too
        made it look answered on the project's own knowledge base, where every article has both versions
        (leave-bases-out, issue 10).
        """
        top = hits[0]
        same_topic = {top.id, *self.translations.get(top.id, {}).values()}
        second = next((hit.score for hit in hits[1:] if hit.id not in same_topic), 0.0)
        scores = (top.score, second, float(dense[top.passage_index]), float(dense.max()),
                  float(lexical[top.passage_index]))
        signals = self.linker.features(text, top.id, *scores)
        if CROSS_READING and translated and language and top.lang != language \
                and self.in_language(top.id, language) == top.id:
            signals = better_reading(signals, self.linker.features(translated, top.id, *scores))
        return signals

    def best_passage(self, article_id: str, query: str, language: Optional[str] = None) -> int:
        """Index of the passage of `article_id` that best answers `query`.

        A section's heading says what it is for ("Restore", "Manual backup") more sharply than
        its steps, which share most words with the other sections of the same article, so the
        passage score gets a bonus for the words the question shares with the heading (asked in
        the article's language, translated when needed).

        Scores the query on its own, for the evaluation of passage choice; `answer` chooses the
        passage from the scores it ranked the articles with.
        """
        text = query_text(query)
        language = supported_language(language) or detect_language(text) or DEFAULT_LANGUAGE
        translated = self.translate_query(text, language)
        return self._choose_passage(article_id, text, language, translated, self.scores(text, language, translated)[2])

    def _choose_passage(self, article_id: str, text: str, language: str, translated: Optional[str],
                        fused: np.ndarray, asked_words: Optional[Dict[str, object]] = None) -> int:
        """`best_passage` from scores already computed for the query (`asked_words` keeps the
        question's word vector between the calls of one answer)."""
        rows = [i for i, a in enumerate(self.passage_article) if a == article_id]
        if len(rows) == 1:
            return rows[0]
        asked = text if self.articles[article_id]["lang"] == language or not translated else translated
        known = {} if asked_words is None else asked_words
        if asked not in known:
            known[asked] = self.lexical.query_vectors(asked)
        words, chars = known[asked]
        match = (self.heading_words[rows] @ words.T).toarray().ravel()
        match = ((1 - HEADING_CHAR_SHARE) * match
                 + HEADING_CHAR_SHARE * (self.heading_chars[rows] @ chars.T).toarray().ravel())
        return max(zip(rows, match), key=lambda row: fused[row[0]] + HEADING_WEIGHT * row[1])[0]

    def answer_text(self, passage_index: int, min_chars: int = SHORT_PASSAGE_CHARS) -> str:
        """The passage to quote: its own section, which stops at the next heading.

        Only an article's introduction (the text before its first heading) too short to answer
        brings the one section after it along. A short section ("Manual backup: click Back up
        now") used to bring the next one too, heading and all, so the answer ran on into a
        section ("Restore") the customer did not ask about.
        """
        passage = self.passages[passage_index]
        text = passage["text"]
        following = passage_index + 1
        introduction = passage["heading"] == self.articles[passage["article_id"]]["title"]
        if (introduction and len(text) < min_chars and following < len(self.passages)
                and self.passages[following]["article_id"] == passage["article_id"]):
            text += f"\n\n{self.passages[following]['heading']}\n{self.passages[following]['text']}"
        return text
