"""Charts as PNG pictures, drawn by matplotlib on its Agg backend through the `Figure` API
(pyplot keeps global state). matplotlib is imported on the first chart, so a process that
never draws one does not carry it; drawing runs in a worker thread, off the event loop."""

from __future__ import annotations

import asyncio
import io
import textwrap
from typing import TYPE_CHECKING

from domain.charts import Chart

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.ticker import Locator

WIDTH_INCHES, HEIGHT_INCHES, DPI = 8.0, 4.5, 100
BAR_COLOUR = "#2a6f97"
LABEL_WIDTH = 14  # characters per line under a bar


class MatplotlibCharts:
    """The ChartMaker port."""

    async def png(self, chart: Chart) -> bytes:
        return await asyncio.to_thread(draw, chart)


def draw(chart: Chart) -> bytes:
    """A bar chart, labels under the bars (or beside them when there are many)."""
    figure = _figure()
    axes = figure.subplots()
    many = len(chart.labels) > 8
    labels = [textwrap.fill(label, LABEL_WIDTH) for label in chart.labels]
    positions = range(len(labels))
    if many:
        axes.barh(positions, chart.values, color=BAR_COLOUR)
        axes.set_yticks(list(positions), labels, fontsize=8)
        axes.invert_yaxis()  # the first label on top, as it reads
        axes.set_xlabel(chart.unit)
    else:
        axes.bar(positions, chart.values, color=BAR_COLOUR)
        axes.set_xticks(list(positions), labels, fontsize=8)
        axes.set_ylabel(chart.unit)
    (axes.xaxis if many else axes.yaxis).set_major_locator(_whole_steps())
    axes.set_title(chart.title)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _whole_steps() -> Locator:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)  # no "1.5 jobs" on the axis


def _figure() -> Figure:
    # Imported here: the import costs memory and a moment, paid by the first chart only.
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
