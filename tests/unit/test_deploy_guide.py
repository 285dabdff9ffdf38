"""The deploy guide's machine commands are the ones the tests run: the `python -m bot` commands
in the README's deploy section and render.yaml are the CLI's own (serve and migrate run in
tests/e2e/test_cli.py, doctor in tests/e2e/test_doctor.py), and the PaaS installs the very pins
and hashes that CI installs."""

from __future__ import annotations

import re
from pathlib import Path

from bot.cli import build_parser
from tests.support.lock_files import ROOT, hashed_pins

TESTED_COMMANDS = {"serve", "migrate", "doctor"}


def deploy_section() -> str:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Deploying on Render with Supabase")
    return readme[start : readme.index("\n## ", start + 1)]


def render_blueprint() -> str:
    return (ROOT / "render.yaml").read_text()


def test_every_bot_command_of_the_guide_is_one_the_tests_run() -> None:
    text = deploy_section() + render_blueprint()
    commands = set(re.findall(r"python -m bot (\w[\w-]*)", text))
    assert commands == TESTED_COMMANDS
    for command in commands:
        assert build_parser().parse_args([command]).command == command


def test_the_blueprint_builds_from_the_lock_and_checks_the_health_route() -> None:
    blueprint = render_blueprint()
    assert "buildCommand: pip install --require-hashes -r requirements.txt" in blueprint
    assert "startCommand: python -m bot serve" in blueprint
    assert "healthCheckPath: /healthz" in blueprint
    assert (ROOT / ".python-version").read_text().strip() == "3.11"
    assert Path(ROOT / "Procfile").read_text().splitlines() == [
        "web: python -m bot serve",
        "release: python -m bot migrate",
    ]


def test_the_platform_installs_exactly_what_ci_tests() -> None:
    service, tested = hashed_pins("requirements.txt"), hashed_pins("requirements-dev.txt")
    for name, pin in service.items():
        assert tested.get(name) == pin, f"{name} differs between the two lock files"
