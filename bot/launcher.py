"""Start the action server and the Rasa server together; Ctrl-C stops both.

    python -m bot.launcher           # servers, then print where to talk to the bot
    python -m bot.launcher --shell   # action server + `rasa shell` in this terminal
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import List, Optional

from bot.kb.articles import ArticleError
from bot.kb.index import KBIndexError, check_index
from bot.settings import PROJECT_ROOT, Settings

MODEL = PROJECT_ROOT / "models" / "support-assistant.tar.gz"
START_TIMEOUT_S = 240


def rasa_command() -> List[str]:
    """The `rasa` executable of this interpreter's environment."""
    return [str(Path(sys.executable).with_name("rasa"))]


def write_endpoints(action_port: int) -> Path:
    """An endpoints file pointing Rasa at the action server on `action_port`."""
    handle = tempfile.NamedTemporaryFile("w", suffix=".yml", prefix="endpoints-", delete=False)
    with handle:
        handle.write(f'action_endpoint:\n  url: "http://localhost:{action_port}/webhook"\n')
    return Path(handle.name)


def credentials_file(env: Optional[dict] = None) -> Path:
    """credentials.yml, plus the Telegram channel when its token is set.

    The token and secret stay in the environment (the channel reads them there); the
    file written here only names the channel.
    """
    env = os.environ if env is None else env
    base = PROJECT_ROOT / "credentials.yml"
    # With the token alone (polling mode) the channel's webhook refuses everything, but the
    # agent desk's replies can still be sent to Telegram chats through it.
    if not env.get("TELEGRAM_BOT_TOKEN"):
        return base
    handle = tempfile.NamedTemporaryFile("w", suffix=".yml", prefix="credentials-", delete=False)
    with handle:
        handle.write(base.read_text(encoding="utf-8") + "\nbot.channels.telegram.TelegramInput:\n")
    return Path(handle.name)


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = START_TIMEOUT_S) -> bool:
    """Poll `url` until it answers 200, the process dies, or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    return False


def start_servers(rasa_port: int, action_port: int, model: Path, auth_token: Optional[str] = None,
                  log_dir: Optional[Path] = None, env: Optional[dict] = None,
                  web_port: Optional[int] = None) -> List[subprocess.Popen]:
    """Start the action server, the Rasa server (REST + socket.io, HTTP API on) and, with
    `web_port`, the server of the chat widget and its demo page."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "HF_HUB_OFFLINE": "1", **(env or {})}
    endpoints = write_endpoints(action_port)

    def output(name: str):
        return open(log_dir / f"{name}.log", "w") if log_dir else None

    actions = subprocess.Popen(rasa_command() + ["run", "actions", "--actions", "actions", "--port", str(action_port)],
                               cwd=PROJECT_ROOT, env=env, stdout=output("actions"), stderr=subprocess.STDOUT)
    server_args = ["run", "--enable-api", "--cors", "*", "--model", str(model), "--endpoints", str(endpoints),
                   "--credentials", str(credentials_file(env)), "--port", str(rasa_port)]
    if auth_token:
        server_args += ["--auth-token", auth_token]
    server = subprocess.Popen(rasa_command() + server_args, cwd=PROJECT_ROOT, env=env,
                              stdout=output("rasa"), stderr=subprocess.STDOUT)
    processes = [actions, server]
    if web_port is not None:  # the widget, its demo page and the agent desk (which needs Rasa's API and token)
        web_env = {**env, "RASA_AUTH_TOKEN": auth_token} if auth_token else env
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "bot.web.server", "--port", str(web_port), "--rasa-url",
             env.get("RASA_PUBLIC_URL") or f"http://localhost:{rasa_port}",
             "--rasa-api-url", f"http://127.0.0.1:{rasa_port}"],
            cwd=PROJECT_ROOT, env=web_env, stdout=output("web"), stderr=subprocess.STDOUT))
    return processes


def stop(processes: List[subprocess.Popen]) -> None:
    """Terminate the processes, then kill those still alive after ten seconds."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def preflight(settings: Settings) -> Optional[str]:
    """What is missing before starting, as a message with the command to run; None when ready."""
    if not MODEL.exists():
        return f"No trained model at {MODEL}. Run: make train"
    try:
        check_index(settings.kb_index_dir, settings.embedding_model, settings.query_prefix,
                    settings.passage_prefix, settings.kb_articles_dir)
    except (KBIndexError, ArticleError) as exc:
        return str(exc)
    return None


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """Treat SIGTERM like Ctrl-C, so the servers are stopped the same way."""
    raise KeyboardInterrupt


def main(argv: Optional[List[str]] = None) -> int:
    """Run the servers until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m bot.launcher")
    parser.add_argument("--shell", action="store_true", help="chat in this terminal instead of serving HTTP")
    parser.add_argument("--telegram-polling", action="store_true",
                        help="also run the Telegram polling bridge (needs TELEGRAM_BOT_TOKEN)")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if args.telegram_polling and not os.environ.get("TELEGRAM_BOT_TOKEN"):
        print("Set TELEGRAM_BOT_TOKEN (from @BotFather) to run the Telegram bridge.", file=sys.stderr)
        return 2
    problem = preflight(settings)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    rasa_port = int(os.environ.get("RASA_PORT", "5005"))
    action_port = int(os.environ.get("ACTION_PORT", "5055"))
    processes: List[subprocess.Popen] = []
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        if args.shell:
            env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
            processes.append(subprocess.Popen(rasa_command() + ["run", "actions", "--actions", "actions", "--port",
                                                                str(action_port)], cwd=PROJECT_ROOT, env=env))
            endpoints = write_endpoints(action_port)
            return subprocess.call(rasa_command() + ["shell", "--model", str(MODEL), "--endpoints", str(endpoints)],
                                   cwd=PROJECT_ROOT, env=env)
        web_port = int(os.environ.get("WEB_PORT", "8080"))
        processes = start_servers(rasa_port, action_port, MODEL, os.environ.get("RASA_AUTH_TOKEN"), web_port=web_port)
        print("Starting the action server and the Rasa server (loading models takes a minute)…", flush=True)
        if not (wait_until_up(f"http://localhost:{action_port}/health", processes[0])
                and wait_until_up(f"http://localhost:{rasa_port}/status"
                                  + (f"?token={os.environ['RASA_AUTH_TOKEN']}" if os.environ.get("RASA_AUTH_TOKEN") else ""),
                                  processes[1])):
            print("A server did not start; see the output above.", file=sys.stderr)
            return 1
        if args.telegram_polling:
            processes.append(subprocess.Popen([sys.executable, "-m", "bot.channels.telegram_polling", "--rasa",
                                               f"http://localhost:{rasa_port}"], cwd=PROJECT_ROOT))
            print("Telegram polling bridge started: write to your bot in Telegram.", flush=True)
        print(f"""
The support assistant is running.
  Demo page    : http://localhost:{web_port}/   (the chat widget, embedded with one <script> tag)
  Agent desk   : http://localhost:{web_port}/desk/   (first agent: .venv/bin/python -m bot.desk add-agent --email … --password …)
  REST webhook : http://localhost:{rasa_port}/webhooks/rest/webhook
  Try it       : curl -s -XPOST http://localhost:{rasa_port}/webhooks/rest/webhook \\
                   -H 'Content-Type: application/json' -d '{{"sender": "demo", "message": "hola"}}'
  Tracker      : http://localhost:{rasa_port}/conversations/demo/tracker
  Actions      : http://localhost:{action_port}/health
  Cases        : .venv/bin/python -m bot.cases list""" + (f"""
  Telegram     : http://localhost:{rasa_port}/webhooks/telegram/webhook (secret header required)"""
            if os.environ.get("TELEGRAM_WEBHOOK_SECRET") and credentials_file() != PROJECT_ROOT / "credentials.yml"
            else "") + """
Press Ctrl-C to stop.""", flush=True)
        while all(process.poll() is None for process in processes):
            time.sleep(1)
        print("A server stopped unexpectedly.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    finally:
        stop(processes)


if __name__ == "__main__":
    sys.exit(main())
