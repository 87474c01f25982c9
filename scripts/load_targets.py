"""The two bots `scripts/bench_load.py` measures, started the same way a user would start them.

- ours: the action server, the Rasa server and the web server, as `make run` starts them
  (`bot.launcher.start_servers`), on free ports, with a fresh SQLite database in a
  temporary folder so var/ is never touched;
- moodbot: `rasa init`'s project (copied from Rasa's own template, default pipeline),
  trained with `rasa train` (cached under var/bench/moodbot/ with its training time),
  served by `rasa run --enable-api` with its stock settings.

Also: start-up time to the first answer, and a sampler of each process's resident memory.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.launcher import server_env, server_specs, stop  # noqa: E402

RASA = str(Path(sys.executable).with_name("rasa"))
MOODBOT_CACHE = ROOT / "var" / "bench" / "moodbot"
QUIET_ENV = {"RASA_TELEMETRY_ENABLED": "false", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
             "TF_CPP_MIN_LOG_LEVEL": "2", "TOKENIZERS_PARALLELISM": "false", "PYTHONWARNINGS": "ignore"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post_json(url: str, payload: dict, timeout: float = 30) -> Optional[list]:
    """POST JSON; the decoded reply, or None when the server does not answer 200."""
    request = urllib.request.Request(url, data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read()) if response.status == 200 else None
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, ValueError):
        return None


def get_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


class MemorySampler:
    """Samples the resident memory of named processes (and their children) in a thread.

    RSS counts a shared library in every process that maps it (torch is in two of ours),
    so the sum of RSS overstates what the machine gives; PSS shares such pages out
    between the processes, so the sum of PSS is the real total. Both are reported.
    """

    def __init__(self, every_s: float = 0.25, pss_every: int = 4) -> None:
        self.every_s = every_s
        self.pss_every = pss_every
        self.pids: Dict[str, int] = {}
        self.peak_mb: Dict[str, float] = {}
        self.peak_total_mb = 0.0
        self.peak_pss_mb: Dict[str, float] = {}
        self.peak_pss_total_mb = 0.0
        self.peak_footprint_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def watch(self, pids: Dict[str, int]) -> None:
        self.pids = dict(pids)

    def start(self) -> "MemorySampler":
        self._thread.start()
        return self

    def stop(self) -> Dict[str, float]:
        self._stop.set()
        self._thread.join()
        return self.report()

    def report(self) -> Dict[str, object]:
        found: Dict[str, object] = {name: round(mb, 1) for name, mb in self.peak_mb.items()}
        found["total"] = round(self.peak_total_mb, 1)
        if self.peak_pss_mb:
            found["pss"] = {name: round(mb, 1) for name, mb in self.peak_pss_mb.items()}
            found["pss_total"] = round(self.peak_pss_total_mb, 1)
            found["footprint"] = round(self.peak_footprint_mb, 1)
        return found

    def _family(self) -> List[int]:
        return [member for pid in self.pids.values() for member in [pid] + _children(pid)]

    def _run(self) -> None:
        tick = 0
        while not self._stop.is_set():
            total = 0.0
            pss_total = 0.0
            for name, pid in list(self.pids.items()):
                mb = tree_rss_mb(pid)
                total += mb
                self.peak_mb[name] = max(self.peak_mb.get(name, 0.0), mb)
                if tick % self.pss_every == 0:
                    pss = tree_pss_mb(pid)
                    pss_total += pss
                    self.peak_pss_mb[name] = max(self.peak_pss_mb.get(name, 0.0), pss)
            self.peak_total_mb = max(self.peak_total_mb, total)
            self.peak_pss_total_mb = max(self.peak_pss_total_mb, pss_total)
            if tick % self.pss_every == 0:
                self.peak_footprint_mb = max(self.peak_footprint_mb, footprint_mb(self._family()))
            tick += 1
            self._stop.wait(self.every_s)


def footprint_mb(pids: List[int]) -> float:
    """What these processes together hold in RAM: their private pages, plus each shared
    mapping once (RSS counts a shared library in every process; PSS divides it among every
    process on the machine that maps it, other people's included, so it undercounts here).

    A shared mapping is known by its file and offset; mapped by several of these processes,
    the largest resident size counts once.
    """
    private_kb = 0.0
    shared_kb: Dict[tuple, float] = {}
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/smaps").read_text()
        except OSError:
            continue
        mapping: tuple = ()
        here: Dict[tuple, float] = {}
        for line in text.splitlines():
            parts = line.split()
            if not parts[0].endswith(":"):  # a mapping's header: range, perms, offset, device, inode, [path]
                mapping = (parts[5], parts[2]) if len(parts) > 5 else (f"anonymous {pid} {parts[0]}", parts[2])
            elif parts[0] in ("Private_Clean:", "Private_Dirty:"):
                private_kb += float(parts[1])
            elif parts[0] in ("Shared_Clean:", "Shared_Dirty:"):
                here[mapping] = here.get(mapping, 0.0) + float(parts[1])
        for mapping, kb in here.items():
            shared_kb[mapping] = max(shared_kb.get(mapping, 0.0), kb)
    return (private_kb + sum(shared_kb.values())) / 1024


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and its children, in MB (/proc/PID/smaps_rollup)."""
    total_kb = 0.0
    pids = [pid]
    try:
        import psutil

        pids += [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except Exception:  # no psutil, or the process is gone: its own figure only
        pass
    for member in pids:
        try:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += float(line.split()[1])
        except OSError:
            pass
    return total_kb / 1024


def _children(pid: int) -> List[int]:
    try:
        import psutil

        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except Exception:  # no psutil, or the process is gone
        return []


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (psutil, else /proc)."""
    try:
        import psutil

        try:
            process = psutil.Process(pid)
            family = [process] + process.children(recursive=True)
            total = 0
            for member in family:
                try:
                    total += member.memory_info().rss
                except psutil.Error:
                    pass
            return total / 2**20
        except psutil.Error:
            return 0.0
    except ImportError:
        return _proc_rss_kb(pid) / 1024


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its children (psutil, else /proc)."""
    try:
        import psutil
    except ImportError:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            return 0.0
    try:
        process = psutil.Process(pid)
        total = 0.0
        for member in [process] + process.children(recursive=True):
            try:
                times = member.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        return total
    except psutil.Error:
        return 0.0


def _proc_rss_kb(pid: int) -> float:
    total = 0.0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += float(line.split()[1])
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return total
    return total + sum(_proc_rss_kb(int(child)) for child in children)


class Target:
    """A bot under test: started, answering on `webhook`, with named processes."""

    name = "target"
    first_message = "hello"

    def __init__(self) -> None:
        self.processes: Dict[str, subprocess.Popen] = {}
        self.port = 0

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/rest/webhook"

    def pids(self) -> Dict[str, int]:
        return {name: process.pid for name, process in self.processes.items()}

    def start(self) -> None:
        raise NotImplementedError

    def ready(self) -> bool:
        """Every helper process is up (the Rasa server is tested by answering)."""
        return True

    def stop(self) -> None:
        stop(list(self.processes.values()))
        self.processes = {}

    def start_until_answer(self, timeout_s: float = 300.0) -> float:
        """Start the bot; seconds from the spawn to the first non-empty reply to `first_message`."""
        started = time.perf_counter()
        self.start()
        deadline = started + timeout_s
        while time.perf_counter() < deadline:
            dead = [name for name, process in self.processes.items() if process.poll() is not None]
            if dead:
                raise RuntimeError(f"{self.name}: {', '.join(dead)} exited while starting; see its log")
            if self.ready():
                reply = post_json(self.webhook, {"sender": f"startup-{uuid.uuid4().hex[:8]}",
                                                 "message": self.first_message}, timeout=60)
                if reply:
                    return time.perf_counter() - started
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} gave no answer within {timeout_s:.0f} s")


class OurAssistant(Target):
    """This project's servers, as `make run` starts them."""

    name = "ours"
    first_message = "¿cómo hago una copia de seguridad?"

    def __init__(self, model: Path, work: Path, extra_env: Optional[Dict[str, str]] = None,
                 root: Path = ROOT, name: str = "ours") -> None:
        super().__init__()
        self.name = name
        self.root = root
        self.model = model
        self.work = work
        self.extra_env = extra_env or {}
        self.action_port = 0
        self.runs = 0
        self.token = uuid.uuid4().hex

    def start(self) -> None:
        self.runs += 1
        self.port, self.action_port, web_port = free_port(), free_port(), free_port()
        env = {**os.environ, **QUIET_ENV, "DATABASE_URL": f"sqlite:///{self.work / 'cases.db'}",
               "TRACKER_STORE_URL": f"sqlite:///{self.work / 'conversations.db'}",
               "RASA_AUTH_TOKEN": self.token, "LOG_LEVEL": "WARNING", **self.extra_env}
        if self.root != ROOT:  # another copy of the project (e.g. the code before a change)
            env["PYTHONPATH"] = str(self.root)
        log_dir = self.work / f"logs-{self.name}-{self.runs}"
        log_dir.mkdir(parents=True, exist_ok=True)
        env = server_env(self.port, self.action_port, self.token, env, web_port)
        for server in server_specs(self.port, self.action_port, self.model, self.token, env, web_port):
            with open(log_dir / f"{server.name}.log", "w") as log:
                self.processes[server.name] = subprocess.Popen(server.argv, cwd=self.root, env=env, stdout=log,
                                                               stderr=subprocess.STDOUT)

    def ready(self) -> bool:
        return get_ok(f"http://127.0.0.1:{self.action_port}/health")


def moodbot_template() -> Path:
    """The project `rasa init` copies (Rasa's own initial_project folder)."""
    import rasa.cli

    return Path(rasa.cli.__file__).parent / "initial_project"


def moodbot_project(retrain: bool = False) -> Dict[str, object]:
    """`rasa init`'s moodbot, trained with the default pipeline; cached under var/bench/moodbot/.

    Returns:
        {"dir": Path, "train_s": seconds of `rasa train`, "trained_in_this_run": bool}.
    """
    import rasa

    marker = MOODBOT_CACHE / "trained.json"
    if marker.exists() and not retrain:
        info = json.loads(marker.read_text())
        if info.get("rasa") == rasa.__version__ and list((MOODBOT_CACHE / "models").glob("*.tar.gz")):
            return {"dir": MOODBOT_CACHE, "train_s": info["train_s"], "trained_in_this_run": False,
                    "trained_at": info.get("trained_at")}
    shutil.rmtree(MOODBOT_CACHE, ignore_errors=True)
    shutil.copytree(moodbot_template(), MOODBOT_CACHE,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    started = time.perf_counter()
    with open(MOODBOT_CACHE / "train.log", "w") as log:
        subprocess.run([RASA, "train", "--fixed-model-name", "moodbot"], cwd=MOODBOT_CACHE,
                       env={**os.environ, **QUIET_ENV}, check=True, stdout=log, stderr=subprocess.STDOUT)
    train_s = time.perf_counter() - started
    info = {"rasa": rasa.__version__, "train_s": round(train_s, 1),
            "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    marker.write_text(json.dumps(info))
    return {"dir": MOODBOT_CACHE, "train_s": info["train_s"], "trained_in_this_run": True,
            "trained_at": info["trained_at"]}


class Moodbot(Target):
    """`rasa init`'s moodbot served by `rasa run --enable-api` (stock settings, token on)."""

    name = "moodbot"

    def __init__(self, project: Path, work: Path) -> None:
        super().__init__()
        self.project = project
        self.work = work
        self.runs = 0

    def start(self) -> None:
        self.runs += 1
        self.port = free_port()
        log = open(self.work / f"moodbot-{self.runs}.log", "w")
        try:
            self.processes = {"rasa": subprocess.Popen(
                [RASA, "run", "--enable-api", "--auth-token", uuid.uuid4().hex, "--port", str(self.port),
                 "--interface", "127.0.0.1", "--model", "models"], cwd=self.project,
                env={**os.environ, **QUIET_ENV}, stdout=log, stderr=subprocess.STDOUT)}
        finally:
            log.close()


def time_our_training(work: Path) -> float:
    """Seconds of `rasa train` for this project's data and config (into a temporary folder)."""
    out = Path(tempfile.mkdtemp(prefix="train-", dir=work))
    started = time.perf_counter()
    with open(work / "train.log", "w") as log:
        subprocess.run([RASA, "train", "--data", "nlu_data", "--config", "config.yml", "--domain", "domain.yml",
                        "--out", str(out), "--fixed-model-name", "bench", "--force"], cwd=ROOT,
                       env={**os.environ, **QUIET_ENV}, check=True, stdout=log, stderr=subprocess.STDOUT)
    elapsed = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    return elapsed


def machine() -> Dict[str, object]:
    """What the numbers were measured on."""
    import platform

    memory_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gb": memory_gb, "system": platform.platform(),
            "python": platform.python_version()}


def load_average() -> List[float]:
    return [round(x, 2) for x in os.getloadavg()]
