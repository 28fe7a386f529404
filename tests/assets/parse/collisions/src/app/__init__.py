"""The importable package."""
