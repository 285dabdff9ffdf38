"""How long to wait before trying again."""

from __future__ import annotations

import random


def backoff_seconds(attempts: int, first: float = 2, cap_seconds: float = 600) -> float:
    """`first` seconds after the first attempt, twice that after the second … up to the cap,
    with jitter so retries don't arrive in step."""
    delay = min(first * 2.0 ** (attempts - 1), cap_seconds)
    return delay * random.uniform(0.8, 1.2)  # noqa: S311
