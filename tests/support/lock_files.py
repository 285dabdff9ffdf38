"""The pins of the lock files (requirements*.txt), as the lock and deploy tests read them."""

from __future__ import annotations

import re
from pathlib import Path

from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
_PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)((?:\s*\\\n\s+--hash=\S+)*)", re.MULTILINE)


def hashed_pins(lock: str) -> dict[str, tuple[str, frozenset[str]]]:
    """Each package: its pinned version and the hashes pip will accept."""
    text = (ROOT / lock).read_text()
    return {
        canonicalize_name(name): (version, frozenset(re.findall(r"--hash=(\S+)", hashes)))
        for name, version, hashes in _PIN.findall(text)
    }


def pins(lock: str) -> dict[str, str]:
    return {name: version for name, (version, _) in hashed_pins(lock).items()}
