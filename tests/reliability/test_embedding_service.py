"""Only the action server holds the embedding model; the Rasa server asks it (bot.embedding_service)."""

from __future__ import annotations

import numpy as np

from bot.embedding_service import unpack
from bot.embeddings import encode, load_local_model
from bot.serving.endpoints import ACTION_TOKEN_HEADER
from bot.settings import Settings
from tests.support.stack import new_sender, request

RASA = "bot.serving.rasa_server"
ACTIONS = "bot.serving.action_server"


def mapped_files(process) -> str:
    return "\n".join(region.path for region in process.memory_maps(grouped=True))


def test_the_rasa_server_loads_no_torch_and_still_understands(stack):
    sender = new_sender("embed")
    assert stack.rasa.texts(sender, "Tengo preguntas sobre una factura.")
    assert stack.rasa.tracker(sender)["active_loop"].get("name") == "ticket_form"  # understood
    assert "libtorch" not in mapped_files(stack.child(RASA))
    assert "libtorch" in mapped_files(stack.child(ACTIONS))  # what the check above is measured against


def test_the_embedding_route_needs_the_secret_and_gives_the_local_vectors(stack):
    url = f"{stack.action_url}/embed"
    texts = ["¿Cómo hago una copia de seguridad?", "How do I create a user?"]
    for headers in ({}, {ACTION_TOKEN_HEADER: "guess"}):
        assert request(url, {"texts": texts}, headers=headers)[0] == 401
    secret = {ACTION_TOKEN_HEADER: stack.env["ACTION_SERVER_TOKEN"]}
    for bad in ({"texts": "hola"}, {"texts": [3]}, {"texts": texts, "model": "another/model"}):
        status, body, _ = request(url, bad, headers=secret)
        assert status == 400 and body["error"]
    status, body, _ = request(url, raw=b"{not json", headers=secret)
    assert status == 400
    status, body, _ = request(url, {"texts": texts}, headers=secret)
    assert status == 200
    local = encode(load_local_model(Settings.from_env().embedding_model), texts)
    assert np.allclose(unpack(body), local, atol=1e-5)
