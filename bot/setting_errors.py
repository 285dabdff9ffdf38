"""A setting's mistake in one plain line: the variable, what is wrong in the operator's terms,
and where the value came from when that was the .env file. Never the (possibly secret) value."""

from __future__ import annotations

import os
from pathlib import Path

from dotenv import dotenv_values
from pydantic import ValidationError

# Pydantic's wording for the common mistakes, in the operator's terms.
_PLAIN_WORDS = {
    "int_parsing": "must be a whole number",
    "float_parsing": "must be a number",
    "bool_parsing": "must be true or false",
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be more than {gt}",
    "less_than_equal": "must be at most {le}",
    "literal_error": "must be one of {expected}",
}


def describe(exc: ValidationError, env_file: str | Path | None) -> str:
    error = exc.errors(include_input=False)[0]
    location = [str(part) for part in error["loc"]]
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] in _PLAIN_WORDS:
        message = _PLAIN_WORDS[error["type"]].format(**error.get("ctx", {}))
    if not location:  # a rule across several settings: its message names them
        return f"invalid settings: {message}"
    name = location[0].upper()
    return f"invalid setting {name}: {message}{_source(name, env_file)}"


def _source(name: str, env_file: str | Path | None) -> str:
    """Where a value came from, so the operator knows which file or dashboard to open."""
    if any(key.upper() == name for key in os.environ):
        return ""
    in_file = env_file is not None and Path(env_file).is_file()
    if in_file and any(key.upper() == name for key in dotenv_values(env_file)):
        return f" (set in {env_file})"
    return ""
