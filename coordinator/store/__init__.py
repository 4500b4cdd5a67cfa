"""Durable state: the SQLite store."""
