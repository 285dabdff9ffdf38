"""How long to wait before trying again."""

from __future__ import annotations

import random


def backoff_seconds(attempts: int, cap_seconds: float = 600) -> float:
    """2 s, 4 s, 8 s … up to the cap, with jitter so retries don't arrive in step."""
    return min(2.0**attempts, cap_seconds) * random.uniform(0.8, 1.2)  # noqa: S311
