"""Hand-off to a person and the agent desk, on the real servers (Rasa with its API token, the
action server, the web server with the desk) and, for pages, in a real headless Chromium.

Screenshots of the desk's main states are kept in test-artifacts/desk/.
"""

from __future__ import annotations

import statistics
import threading
import time
import urllib.error
from typing import Any, Dict, List

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from bot.settings import PROJECT_ROOT
from tests.e2e.conftest import http_json
from tests.e2e.test_telegram import post as post_telegram
from tests.e2e.test_telegram import update as telegram_update
from tests.e2e.test_widget import browser  # noqa: F401  (the customer's Chromium, set up as there)
from tests.e2e.test_widget import CHROME_FLAGS, send, texts
from tests.support.desk import PASSWORD, DeskClient, add_agent

pytestmark = pytest.mark.e2e
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "desk"
AGENTS = {"ana@example.com": "Ana", "bea@example.com": "Bea"}


def wait_until(condition, timeout: float = 30, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


def replies_while_held(events: List[Dict[str, Any]]) -> int:
    """Bot messages sent between a pause and the resume that the desk did not append."""
    held, count = False, 0
    for event in events:
        if event["event"] == "pause":
            held = True
        elif event["event"] == "resume":
            held = False
        elif held and event["event"] == "bot" and "desk" not in (event.get("metadata") or {}):
            count += 1
    return count


@pytest.fixture(scope="module")
def agents(assistant):
    """Two agents, created with the command the README gives."""
    for email, name in AGENTS.items():
        add_agent(assistant.env, email, name)
    return AGENTS


@pytest.fixture
def desk_client(assistant, agents):
    """A factory of signed-in agents; each is marked away and signed out afterwards, so that other
    tests meet "no agent available"."""
    clients: List[DeskClient] = []

    def sign_in(email: str = "ana@example.com", available: bool = True) -> DeskClient:
        client = DeskClient(assistant.web_url).login(email)
        if available:
            client.ok("POST", "availability", {"available": True})
        clients.append(client)
        return client

    yield sign_in
    for client in clients:
        client.leave()


def shot(driver, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


@pytest.fixture
def agent_browser(tmp_path):
    """A second, separate Chromium for the agent (its own profile, so its own cookies)."""
    import shutil

    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        pytest.skip("Debian's chromium and chromium-driver are not installed")
    options = Options()
    options.binary_location = chromium
    for flag in CHROME_FLAGS + [f"--user-data-dir={tmp_path / 'agent-profile'}", "--window-size=1366,860"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


def press(driver, key: str) -> None:
    """A keyboard shortcut: leave any text box, then press the key on the page."""
    driver.execute_script("if (document.activeElement) { document.activeElement.blur(); }")
    ActionChains(driver).send_keys(key).perform()


def desk_texts(driver) -> List[str]:
    """The desk's transcript lines (re-read if live updates replaced them meanwhile)."""
    for _ in range(5):
        try:
            return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#transcript .msg")]
        except StaleElementReferenceException:
            time.sleep(0.1)
    return []


def widget_bot_count(driver) -> int:
    return len(driver.find_elements(By.CSS_SELECTOR, ".sw-bot"))


# -- 1. the widget and the desk, two browsers -----------------------------------------------------
def test_a_widget_customer_is_handed_to_an_agent_and_back(assistant, agents, browser, agent_browser):
    customer, agent = browser, agent_browser
    cwait, await_ = WebDriverWait(customer, 60), WebDriverWait(agent, 60)

    # the agent signs in (an unsigned visitor is sent to the sign-in page) and marks herself available
    agent.get(assistant.web_url + "/desk/")
    await_.until(EC.url_contains("/desk/login"))
    agent.find_element(By.ID, "email").send_keys("ana@example.com")
    agent.find_element(By.ID, "password").send_keys("wrong password")
    agent.find_element(By.ID, "password").send_keys(Keys.ENTER)
    await_.until(EC.visibility_of_element_located((By.ID, "login-error")))
    shot(agent, "1-sign-in-refused")
    agent.find_element(By.ID, "password").clear()
    agent.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)
    await_.until(EC.presence_of_element_located((By.ID, "queue-list")))
    cookie = agent.get_cookie("desk_session")
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Strict"
    assert agent.execute_script("return document.cookie") == ""  # scripts cannot read the session
    press(agent, "a")  # keyboard: availability
    await_.until(lambda d: d.find_element(By.ID, "availability").get_attribute("aria-pressed") == "true")
    await_.until(lambda d: "on" in d.find_element(By.ID, "live").get_attribute("class"))

    try:
        # 1. the customer asks a question, then for a person, in the widget
        customer.get(assistant.web_url + "/")
        cwait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".sw-launcher"))).click()
        cwait.until(lambda d: "Conectado" in d.find_element(By.CSS_SELECTOR, ".sw-status").text)
        send(customer, cwait, "Tengo un problema con la exportación a DATEV")
        cwait.until(lambda d: widget_bot_count(d) >= 1)
        time.sleep(1.0)
        send(customer, cwait, "quiero hablar con una persona")
        cwait.until(lambda d: any("Esperando a un agente" in t for t in texts(d, ".sw-system")))
        cwait.until(lambda d: any("número 1 en la cola" in t for t in texts(d, ".sw-bot")))
        server = customer.find_element(By.CSS_SELECTOR, "script[data-server]").get_attribute("data-server")
        session_id = customer.execute_script(
            "return JSON.parse(localStorage.getItem('supportWidget:' + arguments[0])).sessionId", server)
        assert session_id

        # 2. the agent sees it arrive without reloading, opens it from the keyboard: summary and transcript
        item_text = WebDriverWait(agent, 60, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda d: d.find_element(By.CSS_SELECTOR, f".queue-item[data-conversation='{session_id}']").text)
        assert "web widget" in item_text and "ES" in item_text and "waiting" in item_text
        shot(agent, "2-queue-live")
        press(agent, "o")
        await_.until(lambda d: any("DATEV" in t for t in desk_texts(d)))
        summary = agent.find_element(By.ID, "summary").text
        assert "Asked: Tengo un problema con la exportación a DATEV" in summary
        assert "request_human" in agent.find_element(By.ID, "detected").text
        assert any("quiero hablar con una persona" in t for t in desk_texts(agent))
        shot(agent, "3-conversation-waiting")

        # 3. she claims it and replies; the customer reads it in the widget as the agent's words
        bot_before = widget_bot_count(customer)
        press(agent, "c")
        cwait.until(lambda d: any("Un agente se ha unido" in t for t in texts(d, ".sw-system")))
        await_.until(lambda d: "held by you" in d.find_element(By.ID, "conv-status").text)
        box = await_.until(EC.element_to_be_clickable((By.ID, "composer-text")))
        customer.execute_script("""
            window.__arrivals = [];
            new MutationObserver(function (changes) {
              changes.forEach(function (c) { c.addedNodes.forEach(function (n) {
                if (n.classList && n.classList.contains('sw-agent')) {
                  window.__arrivals.push([n.textContent, Date.now()]);
                }
              }); });
            }).observe(document.querySelector('.sw-log'), {childList: true});""")
        box.send_keys("Hola, soy Ana. ¿Qué error te da la exportación?")
        sent_at = time.time() * 1000
        box.send_keys(Keys.ENTER)
        cwait.until(lambda d: any("soy Ana" in t for t in texts(d, ".sw-agent")))
        assert customer.find_element(By.CSS_SELECTOR, ".sw-status").text == "Agente"
        shot(agent, "4-claimed-and-replied")
        shot(customer, "customer-1-agent-reply")

        # the agent's reply reaches the widget quickly (median of a few, the target is < 1 s)
        latencies = []
        for number in range(5):
            await_.until(lambda d: d.find_element(By.ID, "composer-text").get_attribute("value") == ""
                         and d.find_element(By.ID, "send").is_enabled())
            text = f"Mensaje de prueba {number}"
            box.send_keys(text)
            start = time.time() * 1000
            box.send_keys(Keys.ENTER)
            arrival = cwait.until(lambda d: next((a[1] for a in d.execute_script("return window.__arrivals")
                                                  if text in a[0]), None))
            latencies.append(arrival - start)
        first_arrival = customer.execute_script("return window.__arrivals")[0][1]
        latencies.append(first_arrival - sent_at)
        assert statistics.median(latencies) < 1000, latencies

        # 4. the customer answers: the agent sees it live; the bot says nothing at all
        send(customer, cwait, "Dice «formato no válido»")
        attack = "<img src=x onerror=alert(1)>"
        send(customer, cwait, attack)
        await_.until(lambda d: any("formato no válido" in t for t in desk_texts(d)))
        await_.until(lambda d: any(attack in t for t in desk_texts(d)))
        assert agent.find_elements(By.CSS_SELECTOR, "#transcript img, #transcript script") == []
        time.sleep(2.0)
        assert widget_bot_count(customer) == bot_before  # not one bot reply while held
        shot(agent, "5-customer-answers-live")

        # an internal note (never sent) and a case opened from the conversation, details pre-filled
        await_.until(lambda d: d.find_element(By.ID, "send").is_enabled())
        press(agent, "n")
        box.send_keys("Cliente con licencia Plus; revisar el formato DATEV." + Keys.ENTER)
        await_.until(lambda d: "revisar el formato" in d.find_element(By.ID, "notes").text)
        agent.find_element(By.CSS_SELECTOR, "#case-details summary").click()
        assert "DATEV" in agent.find_element(By.ID, "case-description").get_attribute("value")
        agent.find_element(By.ID, "case-email").send_keys("cliente@example.com")
        agent.find_element(By.CSS_SELECTOR, "#case-form button[type=submit]").click()
        case_id = WebDriverWait(agent, 60, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda d: d.find_element(By.CSS_SELECTOR, "#cases li strong").text)
        assert case_id.startswith("T-")
        shot(agent, "6-note-and-case")
        assert not any("revisar el formato" in t for t in texts(customer, ".sw-msg"))

        # 5. she releases it; the bot tells the customer and answers the next question again
        press(agent, "e")
        cwait.until(lambda d: any("El agente ha salido" in t for t in texts(d, ".sw-system")))
        cwait.until(lambda d: any("asistente virtual" in t for t in texts(d, ".sw-bot")))
        await_.until(lambda d: "released" in d.find_element(By.ID, "conv-status").text)
        shot(agent, "7-released")
        send(customer, cwait, "¿Cómo puedo solicitar mi contraseña?")
        cwait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".sw-bot a[href*='restablecer-contrasena']")))
        shot(customer, "customer-2-bot-again")

        tracker = assistant.tracker(session_id)
        assert replies_while_held(tracker["events"]) == 0
        assert not tracker["paused"]

        # the open cases page: the new case, its due times; a status change the customer will hear
        agent.get(assistant.web_url + "/desk/cases")
        row = await_.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"tr[data-case='{case_id}']")))
        assert "L1 ticket" in row.text
        shot(agent, "8-open-cases")
        Select(row.find_element(By.TAG_NAME, "select")).select_by_value("in_progress")
        wait_until(lambda: any(c["id"] == case_id and c["status"] == "in_progress" for c in assistant.cases()))
        asking = assistant.conversation()
        answer = asking.texts(f"¿Cómo va mi ticket {case_id}?")
        if "en curso" not in answer:  # the bot first asks for the e-mail on the case
            answer = asking.texts("cliente@example.com")
        assert "en curso" in answer
    finally:
        agent.get(assistant.web_url + "/desk/")
        button = WebDriverWait(agent, 30).until(EC.presence_of_element_located((By.ID, "availability")))
        if button.get_attribute("aria-pressed") == "true":
            button.click()
            WebDriverWait(agent, 30).until(lambda d: d.find_element(By.ID, "availability")
                                           .get_attribute("aria-pressed") == "false")
        agent.find_element(By.ID, "sign-out").click()
        WebDriverWait(agent, 30).until(EC.url_contains("/desk/login"))


# -- 2. the same hand-off for a Telegram chat ------------------------------------------------------
def test_a_telegram_chat_is_handed_to_an_agent_and_back(assistant, desk_client):
    ana = desk_client("ana@example.com")
    chat, conversation_id = 7101, "tg-7101"
    telegram = assistant.telegram

    def sent() -> List[str]:
        return [c["params"]["text"] for c in telegram.calls_to("sendMessage", chat)]

    assert post_telegram(assistant, telegram_update(chat, "Tengo preguntas sobre una factura.")) == 200
    wait_until(lambda: len(sent()) >= 1)
    assert post_telegram(assistant, telegram_update(chat, "quiero hablar con una persona")) == 200
    wait_until(lambda: any("número 1 en la cola" in t for t in sent()))
    item = wait_until(lambda: ana.queue_item(conversation_id))
    assert (item["channel"], item["language"], item["claimed_by"]) == ("telegram", "es", None)
    assert "factura" in item["summary"]

    ana.ok("POST", f"conversations/{conversation_id}/claim")
    wait_until(lambda: any("Ana" in t and "se ha unido" in t for t in sent()))
    ana.ok("POST", f"conversations/{conversation_id}/reply", {"text": "Hola, soy Ana. ¿Qué factura es (nº 2024-17)?"})
    wait_until(lambda: any("soy Ana" in t for t in sent()))
    agent_call = [c for c in telegram.calls_to("sendMessage", chat) if "soy Ana" in c["params"]["text"]][-1]
    assert agent_call["params"]["parse_mode"] == "MarkdownV2" and "2024\\-17" in agent_call["params"]["text"]

    count = len(sent())
    for text in ("la de octubre", "hola? sigues ahí?", "/start"):
        assert post_telegram(assistant, telegram_update(chat, text)) == 200
    detail = wait_until(lambda: (lambda d: d if "hola? sigues ahí?" in [line["text"] for line in d["transcript"]]
                                 else None)(ana.ok("GET", f"conversations/{conversation_id}")))
    assert [line["from"] for line in detail["transcript"]][-3:] == ["customer"] * 3
    assert detail["slots"].get("ticket_category") == "billing" and detail["status"] == "held"
    time.sleep(1.5)
    assert len(sent()) == count  # nothing from the bot while the agent holds the chat

    ana.ok("POST", f"conversations/{conversation_id}/release")
    wait_until(lambda: any("Vuelves a hablar con el asistente" in t for t in sent()))
    assert post_telegram(assistant, telegram_update(chat, "hola")) == 200
    wait_until(lambda: any("Soy el asistente" in t for t in sent()))
    tracker = assistant.tracker(conversation_id)
    assert replies_while_held(tracker["events"]) == 0


# -- 3. nobody available: the ticket offer, with the transcript ---------------------------------
def test_with_nobody_available_the_ticket_offer_carries_the_transcript(assistant, agents):
    chat = assistant.conversation()
    chat.say("Mi licencia Plus no se activa")
    offer = chat.texts("quiero hablar con una persona")
    assert "no hay ningún agente conectado" in offer and "¿Lo abro?" in offer
    assert chat.routes() == ["human"] and not chat.tracker()["paused"]
    chat.say("sí")
    chat.say("lic@example.com")
    if chat.active_loop() == "ticket_form":
        chat.say("sí")
    [case] = [c for c in assistant.cases() if c["conversation_id"] == chat.sender]
    assert "Mi licencia Plus no se activa" in case["transcript"] and "persona" in case["transcript"]
    assert DeskClient(assistant.web_url).login("bea@example.com").queue_item(chat.sender) is None


# -- 4. two agents claim one conversation at once ------------------------------------------------
def test_two_agents_claiming_at_once_exactly_one_gets_it(assistant, desk_client):
    ana, bea = desk_client("ana@example.com"), desk_client("bea@example.com")
    for round_number in range(3):
        chat = assistant.conversation()
        assert "en la cola" in chat.texts("quiero hablar con una persona")
        barrier = threading.Barrier(2)
        results: Dict[str, int] = {}

        def claim(name: str, client: DeskClient) -> None:
            barrier.wait()
            results[name] = client.call("POST", f"conversations/{chat.sender}/claim")[0]

        threads = [threading.Thread(target=claim, args=pair) for pair in (("ana", ana), ("bea", bea))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sorted(results.values()) == [200, 409], results
        winner, loser = (ana, bea) if results["ana"] == 200 else (bea, ana)
        assert loser.call("POST", f"conversations/{chat.sender}/reply", {"text": "yo también"})[0] == 409
        assert loser.call("POST", f"conversations/{chat.sender}/release")[0] == 409
        winner.ok("POST", f"conversations/{chat.sender}/release")


# -- 5. who may read and change what ---------------------------------------------------------------
def test_visitors_customers_and_forged_requests_are_refused(assistant, desk_client):
    ana = desk_client("ana@example.com")
    chat = assistant.conversation()
    chat.say("quiero hablar con una persona")
    visitor = DeskClient(assistant.web_url)
    for method, path in (("GET", "queue"), ("GET", f"conversations/{chat.sender}"), ("GET", "cases"),
                         ("POST", f"conversations/{chat.sender}/claim"), ("POST", "availability")):
        assert visitor.call(method, path, {"available": True})[0] == 401, path
    assert ana.call("POST", f"conversations/{chat.sender}/claim", csrf=False)[0] == 403  # no CSRF token
    assert ana.queue_item(chat.sender)["claimed_by"] is None
    # a customer cannot read another customer's conversation from Rasa either: the API wants the token
    with pytest.raises(urllib.error.HTTPError) as refused:
        http_json(f"{assistant.base_url}/conversations/{chat.sender}/tracker")
    assert refused.value.code == 401
    # and the desk shows only conversations handed to a person, not any conversation by its id
    other = assistant.conversation()
    other.say("hola")
    assert ana.call("GET", f"conversations/{other.sender}")[0] == 404
    ana.ok("POST", f"conversations/{chat.sender}/claim")
    ana.ok("POST", f"conversations/{chat.sender}/release")


def test_a_waiting_conversation_goes_back_to_the_bot_when_every_agent_leaves(assistant, desk_client):
    ana = desk_client("ana@example.com")
    chat = assistant.conversation()
    chat.say("Necesito una actualización del programa")
    assert "en la cola" in chat.texts("quiero hablar con una persona")
    ana.ok("POST", "availability", {"available": False})
    wait_until(lambda: not chat.tracker()["paused"], timeout=30)  # DESK_RETURN_AFTER_S=4 in these tests
    assert chat.slot("pending_offer") == "handoff_ticket"
    assert ana.queue_item(chat.sender) is None
    assert "correo" in chat.texts("sí")  # the transcript ticket starts


def test_no_secret_reaches_the_logs(assistant, desk_client):
    desk_client("ana@example.com")
    for name in ("web.log", "actions.log"):
        log = (assistant.work_dir / name).read_text(errors="replace")
        for secret in (PASSWORD, assistant.token, "desk_session="):
            assert secret not in log, (name, secret)
