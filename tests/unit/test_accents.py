"""Restoring the Spanish accents a customer left out, from the knowledge base's own spelling."""

from bot.kb.accents import accent_table, restore_accents

ARTICLES = ["Cómo restablecer la contraseña. La actualización del programa.",
            "Actualización automática. Como administrador, pulsa Configuración."]


def test_words_the_articles_spell_with_accents_get_them_back():
    table = accent_table(ARTICLES)
    assert restore_accents("olvide la contrasena tras la actualizacion", table) == \
        "olvide la contraseña tras la actualización"


def test_capitals_are_kept_and_accents_the_customer_wrote_are_left():
    table = accent_table(ARTICLES)
    assert restore_accents("Configuracion", table) == "Configuración"
    assert restore_accents("cómo va", table) == "cómo va"


def test_the_more_frequent_spelling_wins_and_unknown_words_stay():
    # "como" (twice without accent, once with) stays as typed; "olvide" is in no article
    table = accent_table(ARTICLES + ["como siempre"])
    assert restore_accents("como olvide", table) == "como olvide"
    assert restore_accents("nada", {}) == "nada"
