"""Last week in a few figures, sent to the technician on Monday morning."""

from __future__ import annotations

from domain.figures import WeekSummary, figure_query
from domain.money import format_rand
from domain.periods import last_week
from handlers.kernel.turn import Turn

MORE = "More with /figures (e.g. /figures last month)."


async def send_weekly_summary(turn: Turn) -> None:
    zone, now = turn.calendar.zone, turn.clock.now()
    period = last_week(now.astimezone(zone).date())
    found = await turn.uow.figures.summary(figure_query(period, zone, turn.business.problems, now))
    heading = f"Good morning! {period.label[:1].upper()}{period.label[1:]}"
    if found.empty:
        lines = [f"{heading} was quiet: no jobs, invoices or survey answers."]
    else:
        lines = [f"{heading} in figures:", *_week(found)]
    turn.reply(
        "\n".join([*lines, _unpaid(found), "More with /figures (e.g. /figures last month)."])
    )


def _week(found: WeekSummary) -> list[str]:
    revenue, given = found.revenue, found.satisfaction
    problems = ", ".join(f"{t.label} {t.count}" for t in found.problems[:3])
    score = f"{given.average:.1f} of 5 from {given.answers}" if given.average else "no answers"
    return [
        f"Jobs: {found.jobs}" + (f" ({problems})" if problems else ""),
        f"Invoiced: {format_rand(revenue.invoiced.net)} excl. VAT; "
        f"paid: {format_rand(revenue.paid.net)} (invoices marked paid)",
        f"Satisfaction: {score}",
        *(f"  {low.reference} gave {low.score}/5" for low in given.low),
    ]


def _unpaid(found: WeekSummary) -> str:
    count = sum(age.invoices for age in found.unpaid)
    owed = format_rand(sum(age.gross for age in found.unpaid))
    return f"Unpaid now: {count} invoices ({owed})." if count else "Nothing unpaid."
