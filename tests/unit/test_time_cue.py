"""A correction names a time in words as often as in digits ("mejor a las cuatro y media")."""

import pytest

from actions.callbacks import TIME_CUE


@pytest.mark.parametrize("text", ["ay no, mejor a las cuatro y media", "better at half past two", "a las diez en punto",
                                  "mejor a las 12", "el martes por la tarde"])
def test_a_time_in_words_or_digits_is_a_time_cue(text):
    assert TIME_CUE.search(text)


@pytest.mark.parametrize("text", ["mejor por escrito", "no, the e-mail is wrong", "sí, perfecto"])
def test_other_corrections_are_no_time_cue(text):
    assert not TIME_CUE.search(text)
