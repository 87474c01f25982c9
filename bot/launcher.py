"""Start the action server, the Rasa server and the widget's server, and keep them running.

    python -m bot.launcher           # servers, then print where to talk to the bot
    python -m bot.launcher --shell   # action server + `rasa shell` in this terminal

Safe by default: everything listens on 127.0.0.1 (BIND_HOST exposes Rasa and the
widget), Rasa's HTTP API needs its token, and the action server answers only calls
carrying a secret made for this run. A server that dies is started again; the others
keep running. Ctrl-C (or SIGTERM) stops everything.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, TextIO

from bot.kb.articles import ArticleError
from bot.kb.index import KBIndexError, check_index
from bot.kb.translate import INSTALL_HINT, apertium_available
from bot.serving import log_privacy
from bot.serving.settings import ServingSettings
from bot.settings import PROJECT_ROOT, Settings, rasa_auth_token

MODEL = PROJECT_ROOT / "models" / "support-assistant.tar.gz"
START_TIMEOUT_S = 240
#: A server that ran this long before dying is restarted at once; one that keeps dying
#: sooner waits twice as long each time, up to MAX_RESTART_DELAY_S.
STABLE_AFTER_S = 60.0
MAX_RESTART_DELAY_S = 30.0
RETENTION_EVERY_S = 24 * 3600


def rasa_command() -> List[str]:
    """The `rasa` executable of this interpreter's environment."""
    return [str(Path(sys.executable).with_name("rasa"))]


def credentials_file(env: Optional[dict] = None) -> Path:
    """credentials.yml, plus the Telegram channel when its token is set.

    The token and secret stay in the environment (the channel reads them there); the
    file written here only names the channel. With the token alone (polling mode) the
    channel's webhook refuses everything, but the agent desk's replies still reach
    Telegram chats through it.
    """
    env = os.environ if env is None else env
    base = PROJECT_ROOT / "credentials.yml"
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
        if answers(url):
            return True
        time.sleep(1)
    return False


def answers(url: str) -> bool:
    """Whether `url` answers 200 now."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def local_address(host: str) -> str:
    """Where this machine reaches a server bound to `host`."""
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


@dataclass
class Server:
    """One server process: how to start it and how to tell it is ready."""

    name: str
    argv: List[str]
    health_url: str


def server_specs(rasa_port: int, action_port: int, model: Path, auth_token: str, env: Dict[str, str],
                 web_port: Optional[int] = None) -> List[Server]:
    """The action server, the Rasa server and, with `web_port`, the widget's server (in that order)."""
    host = env.get("BIND_HOST", "127.0.0.1")
    local = local_address(host)
    action_host = env.get("ACTION_BIND_HOST", "127.0.0.1")
    python = [sys.executable, "-m"]
    servers = [
        Server("actions", python + ["bot.serving.action_server", "--port", str(action_port), "--host", action_host],
               f"http://{local_address(action_host)}:{action_port}/health"),
        Server("rasa", python + ["bot.serving.rasa_server", "--model", str(model), "--port", str(rasa_port),
                                 "--host", host, "--credentials", str(credentials_file(env))],
               f"http://{local}:{rasa_port}/status?token={auth_token}"),
    ]
    if web_port is not None:  # the widget, its demo page and the agent desk (which needs Rasa's API and token)
        rasa_url = env.get("RASA_PUBLIC_URL") or f"http://localhost:{rasa_port}"
        servers.append(Server("web", python + ["bot.serving.web_server", "--port", str(web_port), "--host", host,
                                               "--rasa-url", rasa_url, "--rasa-api-url", f"http://{local}:{rasa_port}"],
                              f"http://{local}:{web_port}/widget.js"))
    return servers


def server_env(rasa_port: int, action_port: int, auth_token: str, env: Optional[dict] = None,
               web_port: Optional[int] = None) -> Dict[str, str]:
    """The environment every server gets: the same ports, API token and action secret."""
    merged = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "HF_HUB_OFFLINE": "1", **(env or {})}
    merged.update({"RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port), "RASA_AUTH_TOKEN": auth_token})
    if web_port is not None:
        merged["WEB_PORT"] = str(web_port)
    merged.setdefault("ACTION_SERVER_URL", f"http://127.0.0.1:{action_port}/webhook")
    if not merged.get("ACTION_SERVER_TOKEN"):
        merged["ACTION_SERVER_TOKEN"] = secrets.token_urlsafe(32)
    return merged


def spawn(server: Server, env: Dict[str, str], log_dir: Optional[Path] = None,
          append: bool = False) -> subprocess.Popen:
    """Start one server, its output to log_dir/NAME.log or to this terminal."""
    output = open(log_dir / f"{server.name}.log", "a" if append else "w") if log_dir else None
    try:
        return subprocess.Popen(server.argv, cwd=PROJECT_ROOT, env=env, stdout=output,
                                stderr=subprocess.STDOUT if output else None)
    finally:
        if output:
            output.close()


def start_servers(rasa_port: int, action_port: int, model: Path, auth_token: Optional[str] = None,
                  log_dir: Optional[Path] = None, env: Optional[dict] = None,
                  web_port: Optional[int] = None) -> List[subprocess.Popen]:
    """Start the action server, the Rasa server (REST + socket.io, HTTP API on, token
    required) and, with `web_port`, the server of the chat widget and its demo page."""
    token = auth_token or (env or {}).get("RASA_AUTH_TOKEN") or rasa_auth_token(create=True)
    merged = server_env(rasa_port, action_port, token, env, web_port)
    return [spawn(server, merged, log_dir)
            for server in server_specs(rasa_port, action_port, model, token, merged, web_port)]


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
            process.wait()


class Supervisor:
    """Keeps every server running: one that exits is started again, the others stay up."""

    def __init__(self, servers: List[Server], env: Dict[str, str], log_dir: Optional[Path] = None,
                 report: Optional[TextIO] = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.servers = servers
        self.env = env
        self.log_dir = log_dir
        self.report = report or sys.stderr
        self.clock = clock
        self.processes: Dict[str, subprocess.Popen] = {}
        self.restarts: Dict[str, int] = {server.name: 0 for server in servers}
        self._started_at: Dict[str, float] = {}
        self._delay: Dict[str, float] = {server.name: 1.0 for server in servers}
        self._due: Dict[str, Optional[float]] = {server.name: None for server in servers}

    def start(self) -> None:
        """Start every server."""
        for server in self.servers:
            self._spawn(server, append=False)

    def _spawn(self, server: Server, append: bool = True) -> None:
        self.processes[server.name] = spawn(server, self.env, self.log_dir, append=append)
        self._started_at[server.name] = self.clock()

    def check(self) -> List[str]:
        """Restart the servers that died (once their pause is over); returns their names."""
        restarted = []
        now = self.clock()
        for server in self.servers:
            process = self.processes[server.name]
            if process.poll() is None:
                continue
            due = self._due[server.name]
            if due is None:
                ran = now - self._started_at[server.name]
                delay = 0.0 if ran >= STABLE_AFTER_S else self._delay[server.name]
                self._delay[server.name] = 1.0 if ran >= STABLE_AFTER_S else min(
                    MAX_RESTART_DELAY_S, self._delay[server.name] * 2)
                self._due[server.name] = due = now + delay
                print(f"The {server.name} server stopped (exit code {process.returncode}); "
                      f"starting it again in {delay:.0f} s.", file=self.report, flush=True)
            if now >= due:
                self._due[server.name] = None
                self.restarts[server.name] += 1
                self._spawn(server)
                restarted.append(server.name)
        return restarted

    def process(self, name: str) -> subprocess.Popen:
        return self.processes[name]

    def stop(self) -> None:
        """Stop every server."""
        stop(list(self.processes.values()))


def preflight(settings: Settings, model: Path = MODEL) -> Optional[str]:
    """What is missing before starting, as a message with the command to run; None when ready."""
    if not model.exists():
        return f"No trained model at {model}. Run: make train"
    try:
        check_index(settings.kb_index_dir, settings.embedding_model, settings.query_prefix,
                    settings.passage_prefix, settings.kb_articles_dir)
    except (KBIndexError, ArticleError) as exc:
        return str(exc)
    return None


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """Treat SIGTERM like Ctrl-C, so the servers are stopped the same way."""
    raise KeyboardInterrupt


def run_retention(env: Dict[str, str]) -> None:
    """Delete conversations and personal data older than RETENTION_DAYS (in a child process)."""
    subprocess.Popen([sys.executable, "-m", "bot.cases", "purge"], cwd=PROJECT_ROOT, env=env)


def banner(serving: ServingSettings, host: str, rasa_port: int, action_port: int, web_port: int,
           telegram: bool) -> str:
    """Where to talk to the assistant."""
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    token_hint = "$RASA_AUTH_TOKEN" if os.environ.get("RASA_AUTH_TOKEN") else "$(cat var/rasa_token)"
    lines = [
        "",
        "The support assistant is running" + (" (this machine only; BIND_HOST=0.0.0.0 exposes it)."
                                              if host == "127.0.0.1" else f" on {host}."),
        f"  Demo page    : http://{shown}:{web_port}/   (the chat widget, embedded with one <script> tag)",
        f"  Agent desk   : http://{shown}:{web_port}/desk/   (first agent: .venv/bin/python -m bot.desk add-agent "
        "--email … --password …)",
        f"  REST webhook : http://{shown}:{rasa_port}/webhooks/rest/webhook",
        f"  Try it       : curl -s -XPOST http://{shown}:{rasa_port}/webhooks/rest/webhook \\",
        "                   -H 'Content-Type: application/json' -d '{\"sender\": \"demo\", \"message\": \"hola\"}'",
        f"  Tracker      : curl -s \"http://{shown}:{rasa_port}/conversations/demo/tracker?token={token_hint}\"",
        f"  Actions      : http://127.0.0.1:{action_port}/health (answers the Rasa server only)",
        "  Cases        : .venv/bin/python -m bot.cases list",
        f"  Conversations: kept in {serving.tracker_store_url.split('@')[-1]}",
    ]
    if telegram and os.environ.get("TELEGRAM_WEBHOOK_SECRET"):
        lines.append(f"  Telegram     : http://{shown}:{rasa_port}/webhooks/telegram/webhook (secret header required)")
    lines.append("Press Ctrl-C to stop.")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    """Run the servers until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m bot.launcher")
    parser.add_argument("--shell", action="store_true", help="chat in this terminal instead of serving HTTP")
    parser.add_argument("--telegram-polling", action="store_true",
                        help="also run the Telegram polling bridge (needs TELEGRAM_BOT_TOKEN)")
    parser.add_argument("--model", type=Path, default=MODEL, help="trained model (default: %(default)s)")
    parser.add_argument("--log-dir", type=Path, default=None, help="write each server's output to DIR/NAME.log")
    args = parser.parse_args(argv)
    log_privacy.install()
    os.umask(0o077)
    settings = Settings.from_env()
    serving = ServingSettings.from_env()
    if args.telegram_polling and not os.environ.get("TELEGRAM_BOT_TOKEN"):
        print("Set TELEGRAM_BOT_TOKEN (from @BotFather) to run the Telegram bridge.", file=sys.stderr)
        return 2
    problem = preflight(settings, args.model)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if args.shell:
        return run_shell(args.model, serving)
    token = rasa_auth_token(create=True)
    env = server_env(serving.rasa_port, serving.action_port, token, web_port=serving.web_port)
    servers = server_specs(serving.rasa_port, serving.action_port, args.model, token, env, serving.web_port)
    if args.telegram_polling:
        servers.append(Server("telegram", [sys.executable, "-m", "bot.channels.telegram_polling", "--rasa",
                                           f"http://127.0.0.1:{serving.rasa_port}"], ""))
    supervisor = Supervisor(servers, env, args.log_dir)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        supervisor.start()
        print("Starting the action server and the Rasa server (loading models takes a minute)…", flush=True)
        if not apertium_available():
            print(f"Apertium is not installed: the knowledge base answers only in the language of each "
                  f"article. For questions across Spanish and English, install it ({INSTALL_HINT}) "
                  f"and run make run again.", flush=True)
        deadline = time.monotonic() + START_TIMEOUT_S
        waiting = [server for server in servers if server.health_url]
        while waiting and time.monotonic() < deadline:
            supervisor.check()
            waiting = [server for server in waiting if not answers(server.health_url)]
            time.sleep(1)
        if waiting:
            print(f"Not started after {START_TIMEOUT_S} s: {', '.join(s.name for s in waiting)}; "
                  "see the output above.", file=sys.stderr)
            return 1
        print(banner(serving, serving.bind_host, serving.rasa_port, serving.action_port, serving.web_port,
                     credentials_file() != PROJECT_ROOT / "credentials.yml"), flush=True)
        next_purge = time.monotonic()
        while True:
            supervisor.check()
            if serving.retention_days > 0 and time.monotonic() >= next_purge:
                run_retention(env)
                next_purge = time.monotonic() + RETENTION_EVERY_S
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    finally:
        supervisor.stop()


def run_shell(model: Path, serving: ServingSettings) -> int:
    """The action server, and `rasa shell` on the same tracker store in this terminal."""
    from bot.serving.endpoints import write_endpoints

    token = secrets.token_urlsafe(32)
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "ACTION_SERVER_TOKEN": token}
    private = Path(tempfile.mkdtemp(prefix="assistant-"))
    endpoints = write_endpoints(private / "endpoints.yml", serving, token)
    actions = subprocess.Popen([sys.executable, "-m", "bot.serving.action_server", "--port", str(serving.action_port)],
                               cwd=PROJECT_ROOT, env=env)
    try:
        return subprocess.call(rasa_command() + ["shell", "--model", str(model), "--endpoints", str(endpoints),
                                                 "--interface", "127.0.0.1", "--port", str(serving.rasa_port)],
                               cwd=PROJECT_ROOT, env=env)
    finally:
        stop([actions])
        shutil.rmtree(private, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
