"""Photos and screenshots in the technician's chat: a caption naming the job ("BG-1001 after",
"BG-1001 private") files them with it, and all but private ones go on to the customer."""

from __future__ import annotations

from domain.errors import InvalidReference
from domain.jobs import Job, parse_job_reference
from domain.records import AttachmentKind
from handlers.kernel.turn import Turn
from handlers.shared.job_files import keep_files
from handlers.shared.wording import refusals
from handlers.technician.before_after import side_by_side
from handlers.technician.job_status import tell_customer

KINDS = {
    "before": AttachmentKind.BEFORE,
    "after": AttachmentKind.AFTER,
    "private": AttachmentKind.SCREENSHOT,
}


async def file_photos(turn: Turn) -> None:
    """The technician sent files: keep them with the job the caption names."""
    reference, *rest = turn.inbound.text.split() or [""]
    job = await _job(turn, reference)
    if job is None or job.id is None:
        turn.reply('Which job is it for? Send it again with a caption like "BG-1001 after".')
        return
    word = rest[0].lower() if rest else ""
    private = word == "private"
    await keep_files(
        turn, job, turn.inbound.media, KINDS.get(word, AttachmentKind.SCREENSHOT), not private
    )
    count = len(turn.inbound.media)
    stored = f"Stored {count} file{'s' if count > 1 else ''} on {job.reference}"
    if turn.inbound.refused_media:
        stored = f"Not kept: {refusals(turn.inbound.refused_media)}.\n{stored}"
    if private:
        turn.reply(f"{stored} (private: the customer doesn't see them).")
        return
    label = f" ({word})" if word in KINDS else ""
    words = f"{job.reference}: from the technician{label}."
    attachments = turn.inbound.media
    if word in ("before", "after") and (both := await side_by_side(turn, job)) is not None:
        attachments = (*attachments, both)
    await tell_customer(turn, job, words, stored, attachments=attachments)


async def _job(turn: Turn, reference: str) -> Job | None:
    try:
        return await turn.uow.jobs.by_reference(parse_job_reference(reference))
    except InvalidReference:
        return None
