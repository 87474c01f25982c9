import pytest

from bot.replies import confused, declines_for_now, fetching, hesitates, postpones, read_yes_no


@pytest.mark.parametrize("text", [
    "sí",
    "Yes",
    "vale, adelante",
    "jeje perdona, estaba al teléfono. Vale, sí, adelante con ello",
    "haha fair enough. Right, yes - send it",
    "ok then, please go ahead and raise it",
    "claro que sí, ábrelo",
    "that's all correct",
    "sí, está bien así",
    "pues venga, mándalo",
    "lol ok, yes, you can pass it on",
    "no problem, go ahead",
    "eso es, gracias",  # at a read-back: that is right
    "sí, eso mismo",
])
def test_clear_yes(text):
    assert read_yes_no(text) is True


@pytest.mark.parametrize("text", [
    "no",
    "No, thank you.",
    "nope",
    "mejor no, gracias",
    "no, no lo abras",
    "please don't send it",
    "prefiero que no",
    "No, mejor ábreme un ticket",  # a no to the offer; the ticket is read by requested_follow_up
])
def test_clear_no(text):
    assert read_yes_no(text) is False


@pytest.mark.parametrize("text", [
    "mmm no sé, a lo mejor",
    "hmm, not sure about that",
    "maybe",
    "by the way, is it going to snow this weekend?",
    "si hace falta lo abro yo luego",  # "si" is an if, and it postpones
    "not yet, I have to check with my boss",
    "sí... bueno, no",  # both: neither
    "eso es todo",  # that's all, not a yes
    "",
])
def test_neither(text):
    assert read_yes_no(text) is None


def test_hesitation_postponing_and_fetching_are_told_apart():
    assert hesitates("hmm, quizás") and not postpones("hmm, quizás")
    assert postpones("todavía no, lo hablo con el jefe") and not hesitates("todavía no, lo hablo con el jefe")
    assert fetching("one moment, let me find the contract number")
    assert fetching("un momento, que lo busco")
    assert not fetching("no tenemos contrato de soporte")


@pytest.mark.parametrize("text, expected", [
    ("sorry I still don't get it", True),
    ("no entiendo qué me pides", True),
    ("what do you mean?", True),
    ("perdona, ¿qué tengo que poner aquí?", True),
    ("Marta Ruiz", False),
    ("tomorrow at 10", False),
    ("ok, I get it now: Tom Rivera", False),
])
def test_confused_reads_a_question_that_was_not_understood(text, expected):
    assert confused(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("no thanks, I'll check with my boss which contract number we have", True),
    ("No, gracias, ya lo consulto con mi jefe", True),
    ("no, un momento, lo busco", False),
    ("no thanks", False),
])
def test_declines_for_now_is_a_polite_no_with_the_rest_put_off(text, expected):
    assert declines_for_now(text) is expected


@pytest.mark.parametrize("text", [
    "no, gracias, era solo curiosidad",
    "de momento no, solo quería preguntar si era normal",
    "no hace falta, ya lo miro yo",
    "nah, I'll work it out myself",
    "not now, I only wanted to know if that's normal",
    "no need, thanks",
    "pues no, ya llamaré yo por teléfono más tarde",
    "no thanks, I'll call you myself",
    "no, prefiero llamaros yo cuando pueda",
    "no gracias, ya os llamaré",
    "nah, we'll phone in ourselves tomorrow",
    "no, ya me pondré en contacto con vosotros",
    "I'd rather call you myself, thanks",
])
def test_a_no_with_the_reason_that_nothing_is_needed_declines(text):
    from bot.replies import declines

    assert declines(text) and read_yes_no(text) is False


@pytest.mark.parametrize("text", [
    "hmm ok, I'll just contact WD support myself, thanks",
    "I'll contact the manufacturer directly",
    "no, ya hablo yo con el fabricante",
])
def test_going_to_the_third_party_oneself_declines(text):
    from bot.replies import declines

    assert declines(text)


@pytest.mark.parametrize("text", [
    "yes, open the ticket. I will call the bank myself about the transfer",
    "yes please, I will email the customer directly with the invoice myself",
    "yes. we will contact the vendor directly as well",
    "we will email the vendor directly, please open a ticket too",
])
def test_doing_something_oneself_beside_a_yes_does_not_decline(text):
    from bot.replies import declines

    assert not declines(text)


@pytest.mark.parametrize("text", [
    "I'll email my boss myself first",
    "todavía no, tengo que consultarlo con IT",
    "not yet, let me check with my boss",
    "sí, ábrelo",
    "no imprime nada desde ayer",
    "llamadme mañana a las 10",
    "sí, que me llame un técnico",
    "yes, call me tomorrow",
])
def test_a_postponement_a_yes_or_a_problem_does_not_decline(text):
    from bot.replies import declines

    assert not declines(text)
