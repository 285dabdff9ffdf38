"""Charts as PNG pictures, drawn by matplotlib on its Agg backend through the `Figure` API
(pyplot keeps global state). matplotlib is imported on the first chart, so a process that
never draws one does not carry it; drawing runs in a worker thread, off the event loop."""

from __future__ import annotations

import asyncio
import io
import textwrap
import threading
from typing import TYPE_CHECKING

from domain.charts import Chart

if TYPE_CHECKING:
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

WIDTH_INCHES, HEIGHT_INCHES, DPI = 8.0, 4.5, 100
BAR_COLOUR = "#2a6f97"
LABEL_WIDTH = 14  # characters per line under a bar


class MatplotlibCharts:
    """The ChartMaker port."""

    def __init__(self) -> None:
        # matplotlib promises no thread safety (its font cache is shared): one chart at a time.
        self._drawing = threading.Lock()

    async def png(self, chart: Chart) -> bytes:
        return await asyncio.to_thread(self._draw, chart)

    def _draw(self, chart: Chart) -> bytes:
        with self._drawing:
            return draw(chart)


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
    _plain_numbers(axes.xaxis if many else axes.yaxis)
    axes.set_title(chart.title)
    axes.spines[["top", "right"]].set_visible(False)
    # Fixed margins with room for wrapped labels: working them out (tight_layout) draws twice.
    figure.subplots_adjust(
        left=0.2 if many else 0.09, right=0.97, top=0.9, bottom=0.1 if many else 0.16
    )
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _plain_numbers(axis: Axis) -> None:
    from matplotlib.ticker import MaxNLocator, StrMethodFormatter

    axis.set_major_locator(MaxNLocator(integer=True))  # no "1.5 jobs"
    axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))  # 1,200,000 rather than 1.2 1e6


def _figure() -> Figure:
    # Imported here: the import costs memory and a moment, paid by the first chart only.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    FigureCanvasAgg(figure)  # drawn by Agg, whatever backend the process may have chosen
    return figure
