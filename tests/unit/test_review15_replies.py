"""Review findings 15: getting in touch oneself declines an offer only when it is with the bot's
team and no yes opens the reply."""
import pytest

from bot.replies import declines, read_yes_no


@pytest.mark.parametrize("text", [
    "sí, mañana a las 10; ya le escribiré yo al informático",
    "sí, ya me pondré en contacto con mi jefe para que esté",
    "vale, llamadme. ya escribiré yo el resto", "sí claro, te llamo yo si no me pillas",
    "yes, we will call in ourselves if urgent", "ya le llamaremos al cliente"])
def test_contact_elsewhere_or_after_a_yes_is_no_decline(text):
    assert not declines(text)
    assert read_yes_no(text) is not False


@pytest.mark.parametrize("text", ["sí claro, te llamo yo si no me pillas", "yes, we will call in ourselves if urgent"])
def test_a_yes_with_own_contact_is_unsure(text):
    assert read_yes_no(text) is None


@pytest.mark.parametrize("text", ["pues no, ya llamaré yo", "no thanks, I'll call you myself", "ya os llamo yo",
                                  "ya me pondré en contacto con vosotros"])
def test_getting_in_touch_oneself_still_declines(text):
    assert declines(text)
    assert read_yes_no(text) is False
