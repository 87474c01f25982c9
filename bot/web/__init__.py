"""The website chat widget and the small server that serves it with a demo page."""
