"""Rasa's logistic-regression intent classifier, made safe for messages without words.

An empty message, one of only spaces or only emoji has no tokens, so the
featurizers add nothing and scikit-learn would fail on the feature count. Such a
message gets no intent with confidence 0; the FallbackClassifier then turns it
into `nlu_fallback` and the fallback action asks the customer to type a question.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.text import has_words


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class GuardedLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Logistic regression over the sparse and dense features; no words, no intent."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Rasa's defaults plus `C`, the inverse regularisation strength (sklearn's default 1.0)."""
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(self, config: Dict[Text, Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self.clf.set_params(C=float(self.config["C"]))

    def process(self, messages: List[Message]) -> List[Message]:
        """Classify messages with words; give the others an empty prediction."""
        with_words = [m for m in messages if has_words(m.get(TEXT))]
        if with_words:
            super().process(with_words)
        for message in messages:
            if not has_words(message.get(TEXT)):
                message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        return messages
