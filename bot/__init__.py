"""Tiered customer-support assistant: the domain logic behind the Rasa bot.

Nothing here is created at import time; engines, models and indexes are built by
the start-up functions of each module (see `bot.settings`).
"""
