"""/documents (or "my documents"): a customer's own files, each with a fresh expiring link."""

from __future__ import annotations

from datetime import timedelta

from domain.messages import Attachment
from domain.records import AttachmentKind
from handlers.customer.menu import main_menu
from handlers.kernel.turn import Turn

LINK_LIFETIME = timedelta(days=7)
_LABELS = {
    AttachmentKind.REPORT: "service report",
    AttachmentKind.INVOICE: "invoice",
    AttachmentKind.BEFORE: "photo before",
    AttachmentKind.AFTER: "photo after",
    AttachmentKind.BEFORE_AFTER: "before and after",
    AttachmentKind.SCREENSHOT: "screenshot",
    AttachmentKind.CUSTOMER_UPLOAD: "your file",
}


async def my_documents(turn: Turn) -> None:
    customer = turn.me
    assert customer.id is not None
    lines = []
    # Only this customer's jobs, and of those only what they may see: a link is a key.
    for job in await turn.uow.jobs.for_customer(customer.id):
        assert job.id is not None
        for kept in await turn.uow.records.files(job.id):
            if not kept.visible_to_customer:
                continue
            attachment = Attachment(kept.key, kept.content_type, kept.filename)
            url = await turn.links.url(attachment, LINK_LIFETIME)
            label = _LABELS.get(kept.kind, "file")
            lines.append(f"{job.reference} {label} ({kept.filename}): {url}")
    if not lines:
        turn.reply("There are no documents or photos of your jobs yet.", main_menu())
        return
    turn.reply("Your documents and photos (each link works for 7 days):\n" + "\n".join(lines))
