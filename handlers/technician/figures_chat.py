"""/figures [period] and /figures csv [period] in the technician's chat."""

from __future__ import annotations

from datetime import datetime, tzinfo

from domain.business import BusinessConfig
from domain.charts import Chart
from domain.figures import FigureQuery, figure_query
from domain.messages import Attachment, Option
from domain.periods import PERIOD_HELP, UnknownPeriod, parse_period
from domain.ports import ChartMaker, FileStore
from handlers.kernel.turn import Turn
from handlers.shared.job_card import CARD
from handlers.technician.figure_charts import charts_for
from handlers.technician.figures import PAID_NOTE, figure_lines
from handlers.technician.figures_csv import invoices_csv

PNG, CSV = "image/png", "text/csv"
USAGE = f"/figures takes {PERIOD_HELP}; /figures csv with a period gives the accountant's CSV."


def query_for(words: str, business: BusinessConfig, zone: tzinfo, now: datetime) -> FigureQuery:
    """Raises UnknownPeriod for words that name no period."""
    period = parse_period(words, now.astimezone(zone).date())
    return figure_query(period, zone, business.problems, now)


async def figures(turn: Turn, args: str) -> None:
    first, _, rest = args.strip().partition(" ")
    export = first.casefold() == "csv"
    now, zone = turn.clock.now(), turn.calendar.zone
    try:
        query = query_for(rest if export else args, turn.business, zone, now)
    except UnknownPeriod as exc:
        turn.reply(f"{exc}.\n{USAGE}")
        return
    if export:
        await _csv(turn, query)
        return
    found = await turn.uow.figures.gather(query)
    pictures = await _pictures(turn, charts_for(found, turn.business), query)
    buttons = tuple(
        Option(f"{CARD}{low.reference}", f"{low.reference} ({low.score}/5)")
        for low in found.satisfaction.low
    )
    turn.reply("\n".join(figure_lines(found, turn.business)), buttons, attachments=pictures)


async def _pictures(turn: Turn, charts: list[Chart], query: FigureQuery) -> tuple[Attachment, ...]:
    if not charts:
        return ()
    files, draw = _tools(turn)
    pictures = []
    for chart in charts:
        png = await draw.png(chart)
        filename = f"{chart.name}-{query.period.slug}.png"
        key = await _keep(turn, files, filename, png, PNG)
        pictures.append(Attachment(key, PNG, filename, chart.title, len(png)))
    return tuple(pictures)


async def _csv(turn: Turn, query: FigureQuery) -> None:
    entries = await turn.uow.figures.invoices(query)
    data = invoices_csv(entries, turn.business, turn.calendar.zone)
    files, _ = _tools(turn)
    filename = f"invoices-{query.period.slug}.csv"
    key = await _keep(turn, files, filename, data, CSV)
    turn.reply(
        f"Invoices issued in {query.period.label}: {len(entries)} ({PAID_NOTE}).",
        attachments=(Attachment(key, CSV, filename, size=len(data)),),
    )


async def _keep(turn: Turn, files: FileStore, filename: str, data: bytes, content_type: str) -> str:
    # The platform's message id makes the key unique to this request: a repeat overwrites it.
    tag = "".join(c if c.isalnum() else "_" for c in turn.inbound.platform_id)
    key = f"figures/{tag}/{filename}"
    await files.put(key, data, content_type)
    return key


def _tools(turn: Turn) -> tuple[FileStore, ChartMaker]:
    assert turn.files is not None and turn.charts is not None, "wired for the admin chat"
    return turn.files, turn.charts
