"""At the call's time question, asking which times there are gets the nearest free slots (review:
"hmm what times do you have?" got the bot's self-description, and "the first one" then left the form)."""

import pytest

from actions.callbacks import asks_free_times


@pytest.mark.parametrize("text", [
    "hmm what times do you have?",
    "which slots are available?",
    "when are you free?",
    "when can someone call?",
    "¿qué horas tenéis libres?",
    "¿qué huecos hay?",
    "¿cuándo podéis?",
    "¿hay algún hueco?",
    "any free slots?",
    "¿a qué hora me llamáis?",      # at the time question: when the call could be
    "¿a qué hora me podéis llamar?",
    "what time can you call me?",
])
def test_asking_which_times_are_free(text):
    assert asks_free_times(text)


@pytest.mark.parametrize("text", [
    "tomorrow at 10",
    "what times do you have on Friday?",       # a day named: read as that day
    "¿qué horas tenéis libres mañana a las 10?",
    "what is your name?",
    "¿cuánto tarda la llamada?",
    "when will you call me?",
    "what time is it?",
    "mañana por la tarde",
    "which phone number do you need?",
    "¿a qué hora cerráis hoy?",
])
def test_other_replies_are_not(text):
    assert not asks_free_times(text)


@pytest.mark.parametrize("text", [
    "¿hay hueco por la tarde?",
    "any slots in the afternoon?",
    "¿qué huecos tenéis por la mañana?",
    "any free slots tomorrow morning?",
    "¿hay algún hueco el jueves?",
    "which slots are available this evening?",
    "¿cuándo podéis, mañana por la tarde?",
    "¿hay hueco a primera hora?",
    "any times after lunch?",
])
def test_a_part_of_the_day_or_a_day_named_is_the_time_asked_for(text):
    """Review of conv16: "¿hay hueco por la tarde?" got the morning's free slots (before: booked 15:00)."""
    assert not asks_free_times(text)
