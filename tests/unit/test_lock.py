"""The lock files hold every declared dependency at a version the declaration allows, so the
README's commands, CI and the PaaS build install what pyproject.toml asks for."""

from __future__ import annotations

import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.lock_files import ROOT, pins

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


@pytest.mark.parametrize(
    ("lock", "declared"),
    [
        ("requirements.txt", PROJECT["dependencies"]),
        (
            "requirements-dev.txt",
            PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"],
        ),
    ],
)
def test_every_declared_dependency_is_pinned_within_its_bounds(
    lock: str, declared: list[str]
) -> None:
    pinned = pins(lock)
    for line in declared:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is declared but not in {lock}: run scripts/lock"
        assert requirement.specifier.contains(pinned[name]), (
            f"{lock} pins {name}=={pinned[name]}, outside {requirement.specifier}: run scripts/lock"
        )


def test_the_service_lock_carries_no_dev_tool() -> None:
    runtime = pins("requirements.txt")
    for tool in ("pytest", "mypy", "ruff", "playwright"):
        assert tool not in runtime
