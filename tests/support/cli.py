"""Running `python -m bot` as an operator would: a clean environment and a working directory."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.stubs.service_process import clean_env


def run_bot(
    *args: str, cwd: Path, timeout: float = 60, **settings: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=clean_env(**settings),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def start_bot(*args: str, cwd: Path, **settings: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=clean_env(**settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def health_once_up(port: int, process: subprocess.Popen[str]) -> tuple[int, dict[str, str]]:
    """The started process's /healthz status and body, once it answers (it must not exit)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"the service exited early:\n{process.stdout.read() if process.stdout else ''}"
            )
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                return response.status, json.loads(response.read())
        except OSError:
            time.sleep(0.2)
    pytest.fail("the service did not answer /healthz within 30 s")
