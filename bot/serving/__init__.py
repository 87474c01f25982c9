"""How the servers run: settings, the entry points that wrap Rasa's and rasa-sdk's
servers, input limits, resilience when the action server fails, and log privacy."""
