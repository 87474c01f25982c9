"""A request that came with data, or under a form-only intent, is followed to its route."""

from rasa_sdk import Tracker

from actions.interruptions import out_of_context_route, request_under_data, text_without_entities


def tracker(text, ranking, entities=(), slots=None, active_loop=None):
    message = {"text": text, "intent": ranking[0], "intent_ranking": list(ranking), "entities": list(entities)}
    events = [{"event": "action", "name": "action_listen"}, {"event": "user", "text": text, "parse_data": message}]
    return Tracker("unit", slots or {}, message, events, False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


LANGUAGE = {"entity": "language", "value": "es", "start": 0, "end": 200}


def test_the_values_are_cut_out_but_not_the_whole_message_language_tag():
    text = "Quiero ampliar mi licencia de 3 a 6 puestos, escribo desde compras@estudio.com"
    email = {"entity": "email", "value": "compras@estudio.com", "start": text.index("compras@"), "end": len(text)}
    left = text_without_entities(tracker(text, [{"name": "inform", "confidence": 0.6}], [LANGUAGE, email]))
    assert "licencia" in left and "compras@" not in left


def test_a_request_with_an_address_goes_to_its_form_and_bare_data_does_not():
    text = "Quiero ampliar mi licencia de 3 a 6 puestos, escribo desde compras@estudio.com"
    ranking = [{"name": "inform", "confidence": 0.55}, {"name": "open_ticket", "confidence": 0.3}]
    assert request_under_data(tracker(text, ranking, [LANGUAGE])) == "ticket_form"
    assert request_under_data(tracker("compras@estudio.com", ranking, [LANGUAGE])) is None


def test_a_question_read_as_a_deferral_is_answered_only_outside_forms():
    text = "how to get back a file I deleted by mistake"
    ranking = [{"name": "defer", "confidence": 0.43}, {"name": "ask_howto", "confidence": 0.23}]
    [followup] = out_of_context_route(tracker(text, ranking, [LANGUAGE]))
    assert followup["name"] == "action_answer_from_kb"
    assert out_of_context_route(tracker(text, ranking, [LANGUAGE], active_loop="ticket_form")) == []
    assert out_of_context_route(tracker(text, ranking, [LANGUAGE], slots={"pending_offer": "resume"})) == []


def test_a_deferral_far_ahead_of_any_request_stays_a_deferral():
    text = "vale, luego te escribo con el número de serie del equipo"
    ranking = [{"name": "defer", "confidence": 0.8}, {"name": "open_ticket", "confidence": 0.1}]
    assert request_under_data(tracker(text, ranking, [LANGUAGE])) is None


def test_a_phone_number_is_not_read_as_a_case_number():
    from actions.interruptions import gives_a_phone

    assert gives_a_phone(tracker("mi número es el 612 34 56 78", [{"name": "inform", "confidence": 0.9}]))
    case = {"entity": "case_id", "value": "T-000007", "start": 6, "end": 14}
    assert not gives_a_phone(tracker("es el T-000007", [{"name": "inform", "confidence": 0.9}], [case]))


def test_a_question_about_another_product_read_as_data_or_waiting_is_out_of_scope():
    text = "¿Hasta qué hora abre la oficina del BBVA el sábado?"
    ranking = [{"name": "inform", "confidence": 0.5}, {"name": "ask_howto", "confidence": 0.3}]
    assert request_under_data(tracker(text, ranking, [LANGUAGE])) == "utter_out_of_scope"
    [followup] = out_of_context_route(tracker("mi netflix se para cada rato, qué le pasa",
                                              [{"name": "wait", "confidence": 0.5}], [LANGUAGE]))
    assert followup["name"] == "utter_out_of_scope"
    # inside a form the same words are the form's business
    assert out_of_context_route(tracker(text, ranking, [LANGUAGE], active_loop="ticket_form")) == []
