"""Repositories: SQL in, domain objects out."""
