"""Use cases that combine the adapters: connecting, ingesting, searching."""
