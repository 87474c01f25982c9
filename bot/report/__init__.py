"""Support analytics: what customers think, what the bot resolved, where the knowledge base has holes.

Everything is computed on demand from the two stores the assistant already keeps, so no
second copy of the conversations exists for reporting:

- Rasa's SQL tracker store (TRACKER_STORE_URL): channels, languages, KB answers and
  abstentions, levels and escalations, hand-offs (`sources.read_conversations`);
- the cases database (DATABASE_URL): cases with their due and done times, ratings and
  suggestions (`sources.read_cases`, `read_ratings`, `read_suggestions`).

`figures.build_report` turns those into plain numbers, `gaps` clusters the unanswered
questions and the suggestions, `charts` draws them. `python -m bot.report --since 30d`
and the desk's /desk/report page both call `build_report`.
"""
