"""State kept between messages as a typed dataclass, stored as JSON in the conversation state:
str, int, str enums, datetimes, optional values and tuples of them."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from enum import Enum
from types import NoneType, UnionType
from typing import Any, ClassVar, Self, Union, get_args, get_origin, get_type_hints

NAME = "name"  # the key that says which kind of state a stored one is


class UnreadableState(ValueError):
    """A stored state this version cannot read (a step or a field it no longer has)."""


@dataclass(frozen=True, kw_only=True)
class StoredState:
    NAME: ClassVar[str] = ""  # written beside the fields when set

    def to_json(self) -> dict[str, Any]:
        data = {f.name: _plain(getattr(self, f.name)) for f in fields(self)}
        return {NAME: self.NAME, **data} if self.NAME else data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """Keys of other versions are left out; a missing or mistyped field is UnreadableState."""
        hints = get_type_hints(cls)
        known = {f.name for f in fields(cls) if f.init}
        try:
            values = {k: _typed(hints[k], v) for k, v in data.items() if k in known}
            return cls(**values)
        except (TypeError, ValueError) as wrong:
            raise UnreadableState(f"{cls.__name__}: {wrong}") from None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value.value if isinstance(value, Enum) else value


def _typed(kind: Any, value: Any) -> Any:
    """A JSON value as the field's type: str, int, a str enum, datetime, optional, tuple."""
    origin, args = get_origin(kind), get_args(kind)
    if origin in (Union, UnionType):
        if value is None and NoneType in args:
            return None
        [inner] = [a for a in args if a is not NoneType]
        return _typed(inner, value)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise TypeError(f"not a list: {value!r}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_typed(args[0], item) for item in value)
        if len(args) != len(value):
            raise TypeError(f"not {len(args)} items: {value!r}")
        return tuple(_typed(a, item) for a, item in zip(args, value, strict=True))
    if kind is datetime:
        return datetime.fromisoformat(_exactly(str, value))
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(value)
    if kind in (str, int):
        return _exactly(kind, value)
    raise TypeError(f"a flow field of type {kind} cannot be stored")


def _exactly(kind: type, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, kind):
        raise TypeError(f"not {kind.__name__}: {value!r}")
    return value
