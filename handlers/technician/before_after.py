"""Once a job has a before and an after photo, one side-by-side picture of the two."""

from __future__ import annotations

from domain.jobs import Job
from domain.messages import Attachment
from domain.records import AttachmentKind, StoredFile
from handlers.kernel.turn import Turn
from handlers.technician.documents import latest_pictures


async def side_by_side(turn: Turn, job: Job) -> Attachment | None:
    """Made and kept with the job when both photos are there; None otherwise."""
    if job.id is None:
        return None
    before, after = await latest_pictures(turn, job)
    if before is None or after is None:
        return None
    picture = await turn.paper.side_by_side(before, after)
    key = f"jobs/{job.id}/{job.reference}-before-after-{turn.inbound.platform_id}.jpg"
    key = "".join(c if c.isalnum() or c in "/.-_" else "_" for c in key)
    await turn.files.put(key, picture, "image/jpeg")
    filename = f"{job.reference}-before-and-after.jpg"
    await turn.uow.records.add_file(
        StoredFile(
            job.id,
            AttachmentKind.BEFORE_AFTER,
            key,
            "image/jpeg",
            len(picture),
            filename,
            turn.clock.now(),
        )
    )
    return Attachment(key, "image/jpeg", filename, "Before and after", len(picture))
