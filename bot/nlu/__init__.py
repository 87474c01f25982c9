"""Custom Rasa NLU components (registered with Rasa's default recipe)."""
