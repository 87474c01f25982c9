"""The knowledge base's product names ("PaperOffice", "Lince"), found in its own articles.

A question that names the product ("¿hay modo oscuro en PaperOffice?") scores like an
answerable one: the name is in most passages and titles, and the embedding model reads it
as the topic (fused score 0.06 without the name, 0.38 with it, on the project's articles).
Heading questions, which place the abstain decision's levels, never name the product, so
the decision cannot learn that the name says nothing. The abstain signals are therefore
read on the question without these words (`bot.kb.search.KnowledgeBase.plain_scores`).

A product name is told apart from a function word by being the same word in both
languages: a word of three letters or more used by at least `MIN_ARTICLE_SHARE` of the
Spanish articles and of the English ones ("paperoffice" 0.59 / 0.59; "de" and "the"
belong to one language only). A knowledge base in one language has none.
"""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, Iterable, Mapping, Sequence

from bot.kb.answerability import words_of

MIN_ARTICLE_SHARE = 0.5
MIN_LETTERS = 3


def article_word_sets(passages: Sequence[Mapping[str, str]]) -> Dict[str, FrozenSet[str]]:
    """Each article's words from its own passages (heading and text), never from its translation:
    the index's word vocabulary also holds every article's Apertium version, in which "the" and
    "con" are in most articles of both languages and would pass for product names."""
    by_article: Dict[str, set] = {}
    for passage in passages:
        words = by_article.setdefault(passage["article_id"], set())
        words.update(words_of(f"{passage.get('heading', '')} {passage.get('text', '')}"))
    return {article: frozenset(words) for article, words in by_article.items()}


def product_words(article_words: Mapping[str, Iterable[str]], articles: Mapping[str, dict],
                  languages: Sequence[str] = ("es", "en")) -> FrozenSet[str]:
    """Words used by at least `MIN_ARTICLE_SHARE` of the articles of every language in `languages`.

    `article_words` must hold each article's own words only (`article_word_sets`)."""
    by_language: Dict[str, list] = {language: [] for language in languages}
    for article_id, words in article_words.items():
        language = articles.get(article_id, {}).get("lang")
        if language in by_language:
            by_language[language].append(frozenset(words))
    if any(not sets for sets in by_language.values()):
        return frozenset()
    candidates = set().union(*by_language[languages[0]])
    found = set()
    for word in candidates:
        if len(word) < MIN_LETTERS or word.isdigit():
            continue
        if all(sum(word in s for s in sets) >= MIN_ARTICLE_SHARE * len(sets) for sets in by_language.values()):
            found.add(word)
    return frozenset(found)


#: Words after which the product's name only says where ("modo oscuro en PaperOffice"); after
#: a verb it is what the question is about ("para que no bloquee PaperOffice") and stays.
WHERE_WORDS = frozenset("""en de del con para por sobre desde al a in on of with for to from into using about at
by within""".split())


def without_product_words(text: str, names: FrozenSet[str]) -> str:
    """`text` with the product names that only say where taken out (first word, or after a
    preposition); `text` itself when it has none, or nothing else."""
    if not names or not any(word in names for word in words_of(text)):
        return text
    tokens = re.findall(r"\w+|[^\w\s]+", text)
    kept = []
    for index, token in enumerate(tokens):
        words = words_of(token)
        earlier = [w for t in tokens[:index] for w in words_of(t)]
        where = not earlier or earlier[-1] in WHERE_WORDS
        if words and words[0] in names and where:
            continue
        kept.append(token)
    if len(kept) == len(tokens):
        return text  # the name names what is asked about: the question stays as asked
    plain = re.sub(r"\s+([?!.,;:])", r"\1", " ".join(kept)).strip()
    return plain if any(words_of(token) for token in kept) else text
