"""The website widget in a real headless Chromium (Debian's chromium + chromedriver).

Screenshots of each step are kept in test-artifacts/widget/.
"""

import os
import shutil
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from bot.settings import PROJECT_ROOT

pytestmark = pytest.mark.e2e
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "widget"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--lang=es-ES"]


@pytest.fixture
def browser(tmp_path):
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver must be installed in CI (.ci/run installs them)")
        pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    options = Options()
    options.binary_location = chromium
    for flag in CHROME_FLAGS + [f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,900"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "es-ES,es"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def shot(driver, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def texts(driver, selector):
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, selector)]


def send(driver, wait, text):
    box = wait.until(EC.element_to_be_clickable((By.ID, "sw-input")))
    box.send_keys(text)
    box.send_keys(Keys.ENTER)


def test_widget_answers_clicks_keeps_history_and_escapes(assistant, browser):
    wait = WebDriverWait(browser, 60)
    browser.get(assistant.web_url + "/")
    launcher = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".sw-launcher")))
    assert launcher.get_attribute("aria-label") == "Abrir el chat de soporte"
    launcher.click()
    wait.until(lambda d: "Conectado" in d.find_element(By.CSS_SELECTOR, ".sw-status").text)
    assert browser.find_element(By.CSS_SELECTOR, "label[for='sw-input']").get_attribute("textContent")

    send(browser, wait, "¿Cómo puedo solicitar mi contraseña?")
    link = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".sw-bot a[href*='restablecer-contrasena']")))
    assert link.get_attribute("rel") == "noopener noreferrer"
    shot(browser, "1-kb-answer")

    yes = wait.until(EC.element_to_be_clickable(
        (By.XPATH, "//li[contains(@class,'sw-buttons')]//button[normalize-space()='Sí']")))
    yes.click()
    wait.until(lambda d: any("Me alegro" in t for t in texts(d, ".sw-bot")))
    shot(browser, "2-button-clicked")

    browser.refresh()
    wait.until(lambda d: any("solicitar mi contraseña" in t for t in texts(d, ".sw-user")))
    wait.until(lambda d: "Conectado" in d.find_element(By.CSS_SELECTOR, ".sw-status").text)
    assert any("Me alegro" in t for t in texts(browser, ".sw-bot"))
    shot(browser, "3-after-reload")

    attack = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    send(browser, wait, attack)
    wait.until(lambda d: any(attack in t for t in texts(d, ".sw-user")))
    assert browser.find_elements(By.CSS_SELECTOR, ".sw-log img, .sw-log script") == []
    shot(browser, "4-xss-as-text")

    send(browser, wait, "quiero hablar con una persona")
    wait.until(lambda d: any("no hay agentes conectados" in t for t in texts(d, ".sw-system")))
    shot(browser, "5-handoff-state")


def test_widget_is_keyboard_usable_at_phone_width(assistant, browser):
    browser.set_window_size(390, 844)
    wait = WebDriverWait(browser, 60)
    browser.get(assistant.web_url + "/")
    launcher = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".sw-launcher")))
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert browser.switch_to.active_element == launcher
    launcher.send_keys(Keys.ENTER)
    panel = browser.find_element(By.ID, "sw-panel")
    assert panel.is_displayed() and panel.size["width"] <= 390
    assert browser.switch_to.active_element.get_attribute("id") == "sw-input"
    send(browser, wait, "hola")
    wait.until(lambda d: any("Soy el asistente" in t for t in texts(d, ".sw-bot")))
    shot(browser, "6-phone-width")
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not panel.is_displayed()


def test_widget_shows_an_error_when_the_server_is_unreachable(assistant, browser):
    wait = WebDriverWait(browser, 60)
    browser.get(assistant.web_url + "/")
    browser.execute_script("""
        document.querySelectorAll('.sw-launcher, .sw-panel').forEach(function (n) { n.remove(); });
        localStorage.clear();
        var s = document.createElement('script');
        s.src = arguments[0] + '/widget.js';
        s.setAttribute('data-server', 'http://127.0.0.1:9');
        document.body.appendChild(s);""", assistant.web_url)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".sw-launcher")) == 1)
    browser.find_element(By.CSS_SELECTOR, ".sw-launcher").click()
    banner = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".sw-banner")))
    assert "Sin conexión" in banner.text
    assert browser.find_element(By.CSS_SELECTOR, ".sw-form button[type=submit]").get_attribute("disabled")
    shot(browser, "7-offline")
