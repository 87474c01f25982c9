"""The knowledge base's language argument: any case, and languages it has no articles in."""

from bot.language import supported_language


def test_supported_language_folds_case_and_drops_unknown_languages():
    # found by an independent review: answer(q, "de") and answer(q, "EN") raised KeyError
    assert supported_language("EN") == "en" and supported_language("es-ES") == "es"
    assert supported_language("de") is None and supported_language(None) is None and supported_language("") is None
