"""The trained model and the knowledge-base index that server tests need, built once.

Both are cached under .pytest_cache/assets/ by a hash of what they are built from,
so the end-to-end and reliability suites share one training per change of the data
(a training takes about a minute on two cores).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterable

from bot.settings import PROJECT_ROOT

CACHE = PROJECT_ROOT / ".pytest_cache" / "assets"


def _digest(paths: Iterable[Path], extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for path in sorted(paths):
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _files(*patterns: str) -> list:
    found = []
    for pattern in patterns:
        found += [path for path in PROJECT_ROOT.glob(pattern) if path.is_file()]
    return found


def trained_model(env: Dict[str, str], log: Path) -> Path:
    """A model trained on the current data (cached); returns the .tar.gz path."""
    key = _digest(_files("config.yml", "domain.yml", "nlu_data/**/*.yml", "bot/nlu/*.py"),
                  env.get("EMBEDDING_MODEL", ""))
    model = CACHE / f"model-{key}.tar.gz"
    if not model.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        work = CACHE / f"training-{os.getpid()}"
        rasa = str(Path(sys.executable).with_name("rasa"))
        with open(log, "w") as output:
            subprocess.run([rasa, "train", "--data", "nlu_data", "--config", "config.yml", "--domain", "domain.yml",
                            "--out", str(work), "--fixed-model-name", "model"], cwd=PROJECT_ROOT, env=env,
                           check=True, stdout=output, stderr=subprocess.STDOUT)
        os.replace(work / "model.tar.gz", model)
        shutil.rmtree(work, ignore_errors=True)
    return model


def kb_index(env: Dict[str, str]) -> Path:
    """The knowledge-base index of the current articles (cached); returns its folder."""
    key = _digest(_files("kb_index/articles/**/*.md", "kb_index/search_config.json", "bot/kb/*.py",
                         "bot/embeddings.py"),
                  env.get("EMBEDDING_MODEL", ""))
    index = CACHE / f"index-{key}"
    if not (index / "manifest.json").exists():
        work = CACHE / f"index-{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "bot.kb", "build", "--out", str(work), "--quiet"],
                       cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
        shutil.rmtree(index, ignore_errors=True)
        os.replace(work, index)
    return index
