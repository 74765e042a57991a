"""Writes of the surveys app, one module per job: `building` (officials build and publish a
survey)."""
