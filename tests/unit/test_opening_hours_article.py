"""The opening-hours article is found from the articles (review: its id "contact-support-es" was
hard-coded, and a customer's own knowledge base would not have it)."""

from bot.kb.opening_hours import opening_hours_article, tagged_article

ARTICLES = {
    "horario-es": {"lang": "es", "tags": ["Soporte", "Horario de atención"]},
    "hours-en": {"lang": "en", "tags": ["opening-hours"]},
    "bar-es": {"lang": "es", "tags": ["descuentos", "happy hour"]},
    "menu-en": {"lang": "en", "tags": ["menu", "hours later"]},
}


def test_the_tagged_article_in_the_language_asked():
    assert tagged_article(ARTICLES, "es") == "horario-es"
    assert tagged_article(ARTICLES, "en") == "hours-en"


def test_a_tag_that_only_contains_the_word_is_no_opening_hours_tag():
    assert tagged_article({k: v for k, v in ARTICLES.items() if k in ("bar-es", "menu-en")}, "es") is None


def test_without_tags_or_an_article_that_answers_there_is_none(fixture_kb):
    # the fixture articles (passwords, scanning, backups, the bin) tell no opening hours
    assert opening_hours_article(fixture_kb, "es") is None
    assert opening_hours_article(fixture_kb, "en") is None


def test_without_an_article_the_hours_come_from_the_calendar(fixture_kb, calendar):
    from actions.kb import hours_without_article
    from actions.messages import describe_hours, render

    assert hours_without_article(fixture_kb, "¿a qué hora cerráis hoy?", "es")
    assert not hours_without_article(fixture_kb, "¿cómo restablezco la contraseña?", "es")
    text = render("opening_hours_from_calendar", "es", hours=describe_hours(calendar.opening_hours, "es"), city="Madrid")
    assert "lunes a jueves" in text and "Madrid" in text
