"""A chart as plain data: what to draw, not how (the drawing is at the edge)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Chart:
    """Bars, one per label; `name` makes its file name, `title` its caption."""

    name: str
    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    unit: str = ""  # under the value axis: "jobs", "rand"

    def __post_init__(self) -> None:
        if len(self.labels) != len(self.values):
            raise ValueError("a chart needs one value per label")
