"""The README's run command with no settings at all serves the web chat and the console, and
says where to go and how to sign in."""

from __future__ import annotations

import re
import signal
import urllib.request
from pathlib import Path

from tests.stubs.service_process import free_port
from tests.support.cli import health_once_up, run_bot, start_bot


def test_serve_with_no_settings_says_where_the_chat_and_the_console_are(tmp_path: Path) -> None:
    port = free_port()
    process = start_bot(cwd=tmp_path, PORT=str(port))
    try:
        health_once_up(port, process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as chat:
            assert chat.status == 200 and b'data-ws="/ws"' in chat.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin", timeout=5) as console:
            assert console.status == 200 and b'name="token"' in console.read()
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert f"web chat for customers   http://localhost:{port}/\n" in output
    assert f"technician's console     http://localhost:{port}/admin " in output
    generated = re.search(r"generated ADMIN_TOKEN for the console: (\S+) \(shown once\)", output)
    assert generated, output
    printed = run_bot("admin-token", cwd=tmp_path)
    assert printed.returncode == 0 and printed.stdout.strip() == generated.group(1)
