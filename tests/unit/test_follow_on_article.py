"""A follow-on question searched with the previous one (actions/kb.py `new_article_for_follow_on`):
"¿cómo creo un usuario?" then "¿y cómo le doy solo permisos de lectura?" got the create-user
article again (issue 8); "y cómo lo guardo en PDF normal?" after PDF/A rightly gets the export article again."""

from dataclasses import dataclass
from typing import Optional

from actions.kb import new_article_for_follow_on


@dataclass(frozen=True)
class Shown:
    id: str


@dataclass(frozen=True)
class Found:
    article: Optional[Shown]
    next_article: Optional[Shown]


class FakeKB:
    def same_article(self, a: str, b: str) -> bool:
        return a.rsplit("-", 1)[0] == b.rsplit("-", 1)[0]


def test_a_follow_on_leaning_to_another_article_gets_it_when_the_joined_search_ranks_it_next():
    joined = Found(Shown("create-user-es"), Shown("roles-permissions-es"))
    chosen = new_article_for_follow_on(FakeKB(), joined, ["create-user-en"], Shown("roles-permissions-en"))
    assert chosen.article.id == "roles-permissions-es"


def test_a_follow_on_about_the_same_article_keeps_it():
    joined = Found(Shown("export-pdf-es"), Shown("pdf-a-es"))
    assert new_article_for_follow_on(FakeKB(), joined, ["export-pdf-en"], Shown("export-pdf-es")) is joined
    assert new_article_for_follow_on(FakeKB(), joined, ["export-pdf-en"], None) is joined


def test_the_joined_answer_stands_when_the_two_signals_disagree_or_it_is_new():
    joined = Found(Shown("create-user-es"), Shown("rest-api-es"))
    assert new_article_for_follow_on(FakeKB(), joined, ["create-user-es"], Shown("roles-permissions-es")) is joined
    fresh = Found(Shown("roles-permissions-es"), None)
    assert new_article_for_follow_on(FakeKB(), fresh, ["create-user-es"], Shown("rest-api-es")) is fresh
    assert new_article_for_follow_on(FakeKB(), fresh, [], Shown("rest-api-es")) is fresh
