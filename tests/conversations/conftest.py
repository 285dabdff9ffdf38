"""Conversations as transcripts, where the database makes no difference: they run on SQLite
only. What the database itself decides (locks, constraints, numbering, concurrent turns) is
tested on SQLite and Postgres in tests/integration."""

from __future__ import annotations

import pytest


@pytest.fixture
def backend() -> str:
    return "sqlite"
