"""Which figures are drawn as charts: where people would rather look than read. A chart with
nothing to show is left out."""

from __future__ import annotations

from domain.business import BusinessConfig
from domain.charts import Chart
from domain.figures import Figures, Tally
from handlers.shared.wording import service_name


def charts_for(figures: Figures, business: BusinessConfig) -> list[Chart]:
    if figures.empty:
        return []
    revenue = figures.revenue
    services = tuple(Tally(service_name(business, t.label), t.count) for t in figures.by_service)
    charts = [
        _bars("jobs-by-service", "Jobs by service", services, "jobs"),
        _bars("problems", "Most common problems", figures.problems, "jobs"),
        _bars("weekdays", "Jobs by day of the week", figures.by_weekday, "jobs"),
        _bars("satisfaction", "Survey scores (1-5)", figures.satisfaction.distribution, "answers"),
        Chart(
            "revenue-by-month",
            "Invoiced by month, excl. VAT",
            tuple(invoiced.label for invoiced, _ in revenue.by_month),
            tuple(invoiced.net / 100 for invoiced, _ in revenue.by_month),
            "rand",
        ),
        Chart(
            "unpaid",
            "Unpaid invoices by age, incl. VAT",
            tuple(age.label for age in figures.unpaid),
            tuple(age.gross / 100 for age in figures.unpaid),
            "rand",
        ),
    ]
    return [chart for chart in charts if any(chart.values)]


def _bars(name: str, title: str, tallies: tuple[Tally, ...], unit: str) -> Chart:
    return Chart(
        name, title, tuple(t.label for t in tallies), tuple(t.count for t in tallies), unit
    )
