"""The action server's connections to the cases store and the knowledge base.

Created on first use (never at import), once per process, so importing an action
module stays free of side effects and tests can install their own instances.
"""

from __future__ import annotations

import logging
import threading
from typing import Optional

from sqlalchemy.exc import SQLAlchemyError

from bot.cases import build_case_service
from bot.cases.service import CaseError, CaseService
from bot.embeddings import enable_query_cache
from bot.feedback import build_feedback_service
from bot.feedback.service import FeedbackService
from bot.kb.search import KnowledgeBase

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_cases: Optional[CaseService] = None
_kb: Optional[KnowledgeBase] = None
_feedback: Optional[FeedbackService] = None

#: What creating a case can raise when the store refuses it or is unreachable.
STORE_ERRORS = (CaseError, SQLAlchemyError, OSError)


def case_service() -> CaseService:
    """The process-wide case service, built from the settings on first use."""
    global _cases
    with _lock:
        if _cases is None:
            _cases = build_case_service()
        return _cases


def knowledge_base() -> KnowledgeBase:
    """The process-wide knowledge base, loaded (and checked) on first use."""
    global _kb
    with _lock:
        if _kb is None:
            enable_query_cache()  # the next article after "no" asks for the question's vector again
            _kb = KnowledgeBase.from_settings()
        return _kb


def feedback_service() -> FeedbackService:
    """The process-wide store of suggestions and ratings, built on first use."""
    global _feedback
    with _lock:
        if _feedback is None:
            _feedback = build_feedback_service()
        return _feedback


def install(cases: Optional[CaseService] = None, kb: Optional[KnowledgeBase] = None,
            feedback: Optional[FeedbackService] = None) -> None:
    """Use these instances instead of the ones built from the settings (tests)."""
    global _cases, _kb, _feedback
    with _lock:
        if cases is not None:
            _cases = cases
        if kb is not None:
            _kb = kb
        if feedback is not None:
            _feedback = feedback
