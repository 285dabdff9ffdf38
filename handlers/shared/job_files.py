"""Files kept with a job: the customer's and the technician's photos, screenshots and logs."""

from __future__ import annotations

from domain.jobs import Job
from domain.messages import Attachment
from domain.records import AttachmentKind, StoredFile
from handlers.kernel.turn import Turn


async def keep_files(
    turn: Turn,
    job: Job,
    files: tuple[Attachment, ...],
    kind: AttachmentKind,
    visible: bool,
) -> None:
    assert job.id is not None
    for item in files:
        await turn.uow.records.add_file(
            StoredFile(
                job.id,
                kind,
                item.ref,
                item.content_type,
                item.size,
                item.filename,
                turn.clock.now(),
                visible,
            )
        )
