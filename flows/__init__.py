"""Prefect flows and tasks (thin), the ``pantau`` CLI and its settings."""
