"""Docs integrations: a MkDocs plugin and a Sphinx directive, over the public API only."""
