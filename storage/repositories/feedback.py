"""Survey answers kept with the job."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.follow_ups import SurveyAnswer
from storage.repositories.common import dialect_of, insert_or_ignore
from storage.tables import SurveyAnswerRow

_answers = cast(Table, SurveyAnswerRow.__table__)
_ADD_ANSWER = insert_or_ignore(_answers, "job_id")


class SqlSurveyAnswers:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def score(self, job_id: int, score: int, at: datetime) -> None:
        """The rating; a second one (a changed mind) replaces the first."""
        await self._session.execute(
            _ADD_ANSWER[dialect_of(self._session)],
            {"job_id": job_id, "score": score, "answered_at": at},
        )
        await self._session.execute(
            update(_answers).where(_answers.c.job_id == job_id).values(score=score, answered_at=at)
        )

    async def comment(self, job_id: int, text: str) -> None:
        await self._session.execute(
            update(_answers).where(_answers.c.job_id == job_id).values(comment=text)
        )

    async def for_job(self, job_id: int) -> SurveyAnswer | None:
        row = (
            await self._session.execute(select(_answers).where(_answers.c.job_id == job_id))
        ).first()
        if row is None:
            return None
        return SurveyAnswer(row.job_id, row.score, row.comment, row.answered_at)
