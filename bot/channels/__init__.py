"""Customer channels beyond Rasa's built-in ones (Telegram)."""
