"""/figures in the technician's chat: the period's figures as short lines of text, with the
charts as pictures; the same words serve the console's figures page."""

from __future__ import annotations

from collections.abc import Sequence

from domain.business import BusinessConfig
from domain.figures import Amounts, Figures, Lead, Tally
from domain.money import format_rand
from handlers.shared.wording import service_name

PAID_NOTE = "paid figures count the invoices marked paid"


def empty_text(figures: Figures) -> str:
    return f"Nothing to count for {figures.period.label}: no jobs, invoices or survey answers."


def figure_lines(figures: Figures, business: BusinessConfig) -> list[str]:
    """One short line (or a few) per figure, in the order the technician reads them."""
    if figures.empty:
        return [empty_text(figures)]
    revenue, people = figures.revenue, figures.customers
    names = [_named(t, business) for t in figures.by_service]
    return [
        f"Figures for {figures.period.label}",
        f"Jobs: {figures.jobs} ({_tallies(names)})" if figures.jobs else "Jobs: none",
        f"By area: {_tallies(figures.by_area)}",
        f"Problems: {_tallies(figures.problems)}",
        "Time from request: " + "; ".join(_lead(lead) for lead in figures.leads),
        _satisfaction(figures),
        *_low_scores(figures),
        f"Invoiced: {_money(revenue.invoiced)}",
        f"Paid: {_money(revenue.paid)} ({PAID_NOTE})",
        "Invoiced by service: "
        + _amounts([_named_money(i, business) for i, _ in revenue.by_service]),
        "Invoiced by area: " + _amounts([i for i, _ in revenue.by_area]),
        "By month (invoiced / paid, excl. VAT): "
        + ", ".join(f"{i.label} {_r(i.net)} / {_r(p.net)}" for i, p in revenue.by_month),
        f"Busiest: {_busiest(figures.by_weekday)} of the week, "
        f"{_busiest(figures.by_month_of_year)} of the year",
        f"Customers: {people.served} served, {people.returning} of them returning",
        "Lifetime value (all paid): "
        + (", ".join(f"{c.name} {_r(c.paid)} ({c.jobs} jobs)" for c in people.top) or "none yet"),
        "Per hour worked and driven (excl. VAT): " + _rates(figures, business),
        "Unpaid now: "
        + ", ".join(f"{a.label} {a.invoices} ({_r(a.gross)})" for a in figures.unpaid),
    ]


def minutes_text(minutes: int) -> str:
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d"] * bool(days) + [f"{hours} h"] * bool(hours) + [f"{mins} min"] * bool(mins)
    return " ".join(parts) or "0 min"


def _lead(lead: Lead) -> str:
    if lead.average_minutes is None:
        return f"{lead.step} -"
    return f"{lead.step} {minutes_text(lead.average_minutes)} ({lead.jobs} jobs)"


def _satisfaction(figures: Figures) -> str:
    given = figures.satisfaction
    if given.average is None:
        return "Satisfaction: no answers"
    spread = ", ".join(f"{t.label}★ {t.count}" for t in reversed(given.distribution))
    return f"Satisfaction: {given.average:.1f} of 5 from {given.answers} answers ({spread})"


def _low_scores(figures: Figures) -> list[str]:
    return [
        f"  {low.reference} gave {low.score}/5" + (f': "{low.comment}"' if low.comment else "")
        for low in figures.satisfaction.low
    ]


def _rates(figures: Figures, business: BusinessConfig) -> str:
    areas = business.areas
    rates = []
    for effort in figures.effort:
        rate = effort.per_hour(areas, areas.base)
        name = service_name(business, effort.service)
        rates.append(f"{name} {_r(rate)}/h" if rate is not None else f"{name} (no time logged)")
    return ", ".join(rates) or "nothing invoiced"


def _named(tally: Tally, business: BusinessConfig) -> Tally:
    return Tally(service_name(business, tally.label), tally.count)


def _named_money(amounts: Amounts, business: BusinessConfig) -> Amounts:
    return Amounts(service_name(business, amounts.label), amounts.net, amounts.vat)


def _tallies(tallies: Sequence[Tally]) -> str:
    return ", ".join(f"{t.label} {t.count}" for t in tallies) or "none"


def _amounts(amounts: Sequence[Amounts]) -> str:
    return ", ".join(f"{a.label} {_r(a.net)}" for a in amounts) or "none"


def _money(amounts: Amounts) -> str:
    return f"{_r(amounts.net)} excl. VAT, VAT {_r(amounts.vat)}"


def _busiest(tallies: Sequence[Tally]) -> str:
    top = max(tallies, key=lambda t: t.count)
    return f"{top.label} ({top.count} jobs)"


def _r(cents: int) -> str:
    return format_rand(cents)
