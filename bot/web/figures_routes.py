"""The console's figures: GET /admin/figures?period=… (the same words and charts as /figures
in the admin chat, the charts inline) and GET /admin/figures.csv?period=… (the accountant's
CSV). Both only for a signed-in console session."""

from __future__ import annotations

import base64
from html import escape

from aiohttp import web

from bot.files.charts import MatplotlibCharts
from bot.keys import BUSINESS, CLOCK, SESSIONS, SETTINGS
from bot.web.console_routes import admin_session
from bot.web.pages import page
from bot.web.site import WEB_SITE
from domain.figures import FigureQuery
from domain.periods import PERIOD_HELP, UnknownPeriod
from handlers.technician.figure_charts import charts_for
from handlers.technician.figures import PAID_NOTE, figure_lines
from handlers.technician.figures_chat import query_for
from handlers.technician.figures_csv import invoices_csv
from storage.unit_of_work import SqlUnitOfWork


async def figures_page(request: web.Request) -> web.Response:
    info = request.app[BUSINESS].business
    words = await _signed_in_words(request)
    try:
        query = _query(request, words)
    except UnknownPeriod as exc:
        return page(info, "Figures", _body(words, [str(exc)], ""), status=400)
    async with SqlUnitOfWork(request.app[SESSIONS]) as uow:
        found = await uow.figures.gather(query)
    business = request.app[BUSINESS]
    charts = MatplotlibCharts()
    pictures = []
    for chart in charts_for(found, business):
        png = base64.b64encode(await charts.png(chart)).decode()
        pictures.append(
            f'<figure><img src="data:image/png;base64,{png}" alt="{escape(chart.title)}">'
            f"<figcaption>{escape(chart.title)}</figcaption></figure>"
        )
    body = _body(words, figure_lines(found, business), "".join(pictures))
    return page(info, "Figures", body)


async def figures_csv(request: web.Request) -> web.Response:
    words = await _signed_in_words(request)
    try:
        query = _query(request, words)
    except UnknownPeriod as exc:
        raise web.HTTPBadRequest(text=f"{exc}. The period is {PERIOD_HELP}.") from exc
    async with SqlUnitOfWork(request.app[SESSIONS]) as uow:
        entries = await uow.figures.invoices(query)
    data = invoices_csv(entries, request.app[BUSINESS], request.app[SETTINGS].business_zone)
    filename = f"invoices-{query.period.slug}.csv"
    return web.Response(
        body=data,
        content_type="text/csv",
        charset="utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


async def _signed_in_words(request: web.Request) -> str:
    if await admin_session(request, request.app[WEB_SITE]) is None:
        raise web.HTTPForbidden(text="sign in at /admin first")
    return request.query.get("period", "").strip()


def _query(request: web.Request, words: str) -> FigureQuery:
    app = request.app
    return query_for(words, app[BUSINESS], app[SETTINGS].business_zone, app[CLOCK].now())


def _body(words: str, lines: list[str], pictures: str) -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    period = escape(words)
    return f"""<section class="figures" aria-labelledby="figures-title">
<h1 id="figures-title">Figures</h1>
<p><a href="/admin">Back to the console</a></p>
<form method="get" action="/admin/figures">
<label for="period">Period ({escape(PERIOD_HELP)})</label>
<input id="period" name="period" value="{period}" placeholder="this month">
<button type="submit">Show</button>
</form>
<ul class="figure-lines">{items}</ul>
<p><a href="/admin/figures.csv?period={escape(words.replace(" ", "+"))}">Invoices as CSV</a>
for the accountant ({PAID_NOTE}).</p>
{pictures}
</section>"""
