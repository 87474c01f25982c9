"""What the knowledge base says the product is about, for the out-of-scope decision (bot/scope.py).

Two things are read from the articles instead of being listed by hand:

- `known_words`: every word the articles use. A capitalised name a customer writes that the
  articles never use ("Apple ID", "Adobe Scan", "Dropbox") is a product, place or work that the
  knowledge base has nothing on; names the articles do use (Windows, Outlook, Excel, DATEV,
  Android) are things the product works with, and the word lists of bot/scope.py judge them.
- `feature_terms`: the articles' tags that only our product's questions use: each tag of an
  article minus those that also occur in the out-of-scope training examples ("password",
  "backup", "invoice" and "phone" are everybody's words; "filing plan", "OCR", "recycle bin",
  "permissions" and "document training" are ours). A message with one of them is about us.

Both are loaded once per process; without articles both are empty, which turns the name
signal off and leaves the decision to the word lists (never more out of scope, only less).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Iterable, Optional

import yaml

from bot.text import normalise, strip_accents

PROJECT_ROOT = Path(__file__).resolve().parents[1]
#: The examples of other people's questions that the feature terms must not share words with.
OUT_OF_SCOPE_EXAMPLES = PROJECT_ROOT / "nlu_data" / "nlu" / "out_of_scope.yml"
#: The entity lookups of the NLU data: the infrastructure level 4 passes on to its vendor
#: (Synology, VMware, Citrix) is known, and a case topic (invoice, licence, update) is ours.
LOOKUPS = PROJECT_ROOT / "nlu_data" / "nlu" / "inform.yml"
KNOWN_LOOKUPS = ("vendor",)
FEATURE_LOOKUPS = ("ticket_category",)
WORD = re.compile(r"[a-z0-9]+(?:[+/][a-z0-9]*)*")


def folded_words(text: Optional[str]) -> list[str]:
    """Lower-case, accent-free words ("PDF/A" -> "pdf/a", "Disney+" -> "disney+")."""
    return WORD.findall(strip_accents(normalise(text or "")).lower())


def _singular(word: str) -> str:
    """"permisos" -> "permiso", "users" -> "user": enough to match a tag in the plural."""
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


@dataclass(frozen=True)
class ScopeVocabulary:
    """Words the knowledge base uses, and the tags that are ours alone (tuples of words)."""

    known_words: FrozenSet[str]
    feature_terms: FrozenSet[tuple]

    def knows(self, word: str) -> bool:
        """True when the articles use `word` (or its singular)."""
        return word in self.known_words or word.rstrip("s") in self.known_words

    def feature_in(self, words: list[str]) -> bool:
        """True when one of our feature terms occurs in `words` (a plural counts)."""
        singular = [_singular(word) for word in words]
        for term in self.feature_terms:
            size = len(term)
            if any(tuple(singular[i:i + size]) == term for i in range(len(singular) - size + 1)):
                return True
        return False


def _examples_words(path: Path) -> set[str]:
    """Every word of a Rasa NLU file's examples (empty when the file is missing)."""
    if not path.is_file():
        return set()
    words: set[str] = set()
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
        words.update(folded_words(block.get("examples") or ""))
    return words


def _lookup_entries(path: Path, names: tuple) -> list[str]:
    """The entries of the named lookup tables of a Rasa NLU file."""
    if not path.is_file():
        return []
    entries: list[str] = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
        if block.get("lookup") in names:
            entries += [line.strip()[2:] for line in (block.get("examples") or "").splitlines()
                        if line.strip().startswith("- ")]
    return entries


def build_vocabulary(articles_dir: Path, out_of_scope_file: Path = OUT_OF_SCOPE_EXAMPLES,
                     lookups_file: Path = LOOKUPS) -> ScopeVocabulary:
    """Read the vocabulary from a folder of articles, the out-of-scope examples and the lookups."""
    from bot.kb.articles import load_articles

    try:
        articles = load_articles(articles_dir) if articles_dir.is_dir() else []
    except ValueError:
        articles = []
    known: set[str] = set()
    tags: set[tuple] = set()
    for article in articles:
        known.update(folded_words(" ".join([article.title, article.body, *article.tags])))
        tags.update(tuple(folded_words(tag)) for tag in article.tags)
    if known:
        known.update(word for entry in _lookup_entries(lookups_file, KNOWN_LOOKUPS) for word in folded_words(entry))
    everybody = _examples_words(out_of_scope_file)
    everybody |= {_singular(word) for word in everybody}
    ours = {tuple(_singular(word) for word in tag) for tag in tags
            if tag and not any(word in everybody or _singular(word) in everybody for word in tag)}
    ours |= {tuple(_singular(word) for word in folded_words(entry))
             for entry in _lookup_entries(lookups_file, FEATURE_LOOKUPS)}
    return ScopeVocabulary(frozenset(known), frozenset(ours))


@lru_cache(maxsize=1)
def vocabulary() -> ScopeVocabulary:
    """The vocabulary of the configured knowledge base (KB_ARTICLES_DIR), read once."""
    from bot.settings import Settings

    return build_vocabulary(Settings.from_env().kb_articles_dir)


def terms(vocabulary_: ScopeVocabulary) -> Iterable[str]:
    """The feature terms as text, for documentation and debugging."""
    return sorted(" ".join(term) for term in vocabulary_.feature_terms)
