"""Figures about the work: jobs by service, area and kind of problem, how soon each step came,
the seasons, and what customers thought."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.business import ProblemCategory
from domain.figures import (
    LOW_SCORE,
    LOW_SCORES_SHOWN,
    FigureQuery,
    Lead,
    LowScore,
    Satisfaction,
    Tally,
)
from storage.repositories.figures.sql import Spelling
from storage.tables import JobRow, SurveyAnswerRow

OTHER = "other"
NO_AREA = "remote (no area)"
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def in_period(query: FigureQuery, moment: Any) -> ColumnElement[bool]:
    return and_(moment >= query.start, moment < query.end)


class Activity:
    def __init__(self, session: AsyncSession, spelling: Spelling) -> None:
        self._session = session
        self._sql = spelling

    async def tallies(self, query: FigureQuery, key: Any) -> tuple[Tally, ...]:
        """Jobs requested in the period, counted under `key`, most first."""
        count = func.count(JobRow.id)
        rows = await self._session.execute(
            select(key, count)
            .where(in_period(query, JobRow.created_at))
            .group_by(key)
            .order_by(count.desc(), key)
        )
        return tuple(Tally(str(label), n) for label, n in rows)

    async def by_service(self, query: FigureQuery) -> tuple[Tally, ...]:
        return await self.tallies(query, JobRow.service_code)

    async def by_area(self, query: FigureQuery) -> tuple[Tally, ...]:
        return await self.tallies(query, func.coalesce(JobRow.area, NO_AREA))

    async def problems(self, query: FigureQuery) -> tuple[Tally, ...]:
        return await self.tallies(query, _category(query.categories))

    async def by_month_of_year(self, query: FigureQuery) -> tuple[Tally, ...]:
        month = self._sql.local(JobRow.created_at, query.utc_offset_minutes, "month")
        counts = {int(m): n for m, n in await self._counted(query, month)}
        return tuple(Tally(name, counts.get(i + 1, 0)) for i, name in enumerate(MONTH_NAMES))

    async def by_weekday(self, query: FigureQuery) -> tuple[Tally, ...]:
        day = self._sql.local(JobRow.created_at, query.utc_offset_minutes, "weekday")
        counts = {int(d): n for d, n in await self._counted(query, day)}  # 0 is Sunday
        return tuple(
            Tally(name, counts.get((i + 1) % 7, 0)) for i, name in enumerate(WEEKDAY_NAMES)
        )

    async def _counted(self, query: FigureQuery, key: ColumnElement[int]) -> list[tuple[int, int]]:
        rows = await self._session.execute(
            select(key, func.count(JobRow.id))
            .where(in_period(query, JobRow.created_at))
            .group_by(key)
        )
        return [(k, n) for k, n in rows]

    async def leads(self, query: FigureQuery) -> tuple[Lead, ...]:
        """From request to the technician's first message, to the first visit booked (still on),
        to completion: averaged over the period's jobs that got there. The milestones are kept
        on each job's row, so this is one pass over the period's jobs (an index covers it)."""
        steps = (
            ("first answer", JobRow.first_answer_at),
            ("visit", JobRow.first_visit_at),
            ("completion", JobRow.completed_at),
        )
        columns: list[ColumnElement[Any]] = []
        for _, at in steps:
            columns += [func.count(at), self._sql.average_seconds(at, JobRow.created_at)]
        found = (
            await self._session.execute(select(*columns).where(in_period(query, JobRow.created_at)))
        ).one()
        return tuple(
            Lead(
                step, found[2 * i], None if found[2 * i + 1] is None else _minutes(found[2 * i + 1])
            )
            for i, (step, _) in enumerate(steps)
        )

    async def satisfaction(self, query: FigureQuery) -> Satisfaction:
        answered = in_period(query, SurveyAnswerRow.answered_at)
        count = func.count(SurveyAnswerRow.id)
        rows = await self._session.execute(
            select(SurveyAnswerRow.score, count).where(answered).group_by(SurveyAnswerRow.score)
        )
        counts = {score: n for score, n in rows}
        answers = sum(counts.values())
        average = (
            await self._session.execute(select(func.avg(SurveyAnswerRow.score)).where(answered))
        ).scalar()
        low = await self._session.execute(
            select(JobRow.reference, SurveyAnswerRow.score, SurveyAnswerRow.comment)
            .join(JobRow, JobRow.id == SurveyAnswerRow.job_id)
            .where(answered, SurveyAnswerRow.score <= LOW_SCORE)
            .order_by(SurveyAnswerRow.answered_at, SurveyAnswerRow.id)
            .limit(LOW_SCORES_SHOWN)
        )
        return Satisfaction(
            answers,
            None if average is None else float(average),
            tuple(Tally(str(score), counts.get(score, 0)) for score in range(1, 6)),
            tuple(LowScore(ref, score, comment or "") for ref, score, comment in low),
        )


def _minutes(seconds: Any) -> int:
    return round(float(seconds) / 60)


def _category(categories: tuple[ProblemCategory, ...]) -> ColumnElement[str]:
    """The name of the first category a job matches, else "other"."""
    words = func.lower(JobRow.problem)
    whens = []
    for category in categories:
        matches = [words.contains(k, autoescape=True) for k in category.keywords]
        if category.services:
            matches.append(JobRow.service_code.in_(category.services))
        whens.append((or_(false(), *matches), literal(category.name)))
    return case(*whens, else_=literal(OTHER)) if whens else literal(OTHER)
