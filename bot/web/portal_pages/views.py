"""The portal's HTML, escaped throughout: the navigation, the jobs list, a job's files and the
forms (each POST carrying the visit's CSRF token). Landmarks, labels and one live region per
page; mobile-first like the other pages (bot/web/pages.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from html import escape

from domain.business import BusinessConfig
from domain.jobs import Job
from domain.records import AttachmentKind, StoredFile
from domain.slots import Slot
from handlers.shared.closures import slot_label
from handlers.shared.wording import STATUS_WORDS, service_name

NAV = (
    ("/portal", "My jobs"),
    ("/portal/book", "Book a visit"),
    ("/portal/chat", "Talk to the technician"),
    ("/portal/details", "My details"),
    ("/portal/sessions", "Where I'm signed in"),
)
FILE_LABELS = {
    AttachmentKind.REPORT: "Service report",
    AttachmentKind.INVOICE: "Invoice",
    AttachmentKind.BEFORE: "Photo before",
    AttachmentKind.AFTER: "Photo after",
    AttachmentKind.BEFORE_AFTER: "Before and after",
    AttachmentKind.SCREENSHOT: "Screenshot",
    AttachmentKind.CUSTOMER_UPLOAD: "Your file",
}


def nav(here: str, csrf: str) -> str:
    """The portal's links, the current one marked; where one is signed in, and signing out
    (bot/web/portal/: the accounts' pages)."""
    current = ' aria-current="page"'
    items = "".join(
        f'<li><a href="{path}"{current if path == here else ""}>{label}</a></li>'
        for path, label in NAV
    )
    sign_out = (
        f'<li><form method="post" action="/portal/sign-out" class="sign-out">{csrf_field(csrf)}'
        '<button type="submit">Sign out</button></form></li>'
    )
    return f'<nav class="portal-nav" aria-label="Portal"><ul>{items}{sign_out}</ul></nav>'


def said(text: str, *, error: bool = False) -> str:
    """What an action came to, announced to screen readers."""
    if not text:
        return ""
    if error:
        return f'<p class="error" role="alert">{escape(text)}</p>'
    return f'<p class="done" role="status">{escape(text)}</p>'


def csrf_field(csrf: str) -> str:
    return f'<input type="hidden" name="csrf" value="{escape(csrf)}">'


def jobs_list(
    business: BusinessConfig, zone: tzinfo, jobs: Sequence[Job], visits: dict[int, str]
) -> str:
    """Each job as a link to its page, with where it stands and its visit."""
    if not jobs:
        return "<p>None.</p>"
    items = []
    for job in jobs:
        service = service_name(business, job.service_code)
        visit = visits.get(job.id or 0)
        when = f' <span class="when">· {escape(visit)}</span>' if visit else ""
        items.append(
            f'<li><a href="/portal/jobs/{escape(job.reference)}">{escape(job.reference)}: '
            f'{escape(service)}</a><br><span class="job-line">{escape(STATUS_WORDS[job.status])}'
            f"</span>{when}</li>"
        )
    return f'<ul class="jobs">{"".join(items)}</ul>'


def files_html(reference: str, files: Sequence[StoredFile]) -> str:
    """Pictures as thumbnails that open full size; reports and invoices as downloads."""
    if not files:
        return ""
    pictures, documents = [], []
    for kept in files:
        url = escape(f"/portal/jobs/{reference}/files/{kept.id}")
        label = escape(f"{FILE_LABELS.get(kept.kind, 'File')}: {kept.filename}")
        if kept.content_type.startswith("image/"):
            pictures.append(
                f'<li><a href="{url}"><img src="{url}?size=thumb" alt="{label}" '
                'width="160" height="120" loading="lazy"></a></li>'
            )
        else:
            documents.append(f'<li><a href="{url}?download=1" download>{label}</a></li>')
    parts = []
    if documents:
        parts.append(f'<h2>Documents</h2><ul class="files">{"".join(documents)}</ul>')
    if pictures:
        parts.append(
            f'<h2>Photos and screenshots</h2><ul class="pictures">{"".join(pictures)}</ul>'
        )
    return "\n".join(parts)


def slot_choices(name: str, slots: Sequence[Slot], zone: tzinfo, chosen: str = "") -> str:
    """The free times as radio buttons (the first one chosen unless another was)."""
    if not slots:
        return '<p class="error" role="alert">No free times then. Try another day.</p>'
    rows = []
    for i, slot in enumerate(slots):
        value = slot.start.isoformat()
        checked = " checked" if value == chosen or (not chosen and i == 0) else ""
        rows.append(
            f'<li><label><input type="radio" name="{name}" value="{escape(value)}"{checked} '
            f"required> {escape(slot_label(slot, zone))}</label></li>"
        )
    return f'<ul class="slots">{"".join(rows)}</ul>'


def day_picker(action: str, day: str, hidden: dict[str, str], csrf: str = "") -> str:
    """Another day's free times. A GET, which changes nothing; or, with `csrf`, a POST that
    carries a booking's answers so far (not put in an address)."""
    method = "post" if csrf else "get"
    fields = csrf_field(csrf) if csrf else ""
    fields += "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in hidden.items()
    )
    return f"""<form method="{method}" action="{escape(action)}" class="day-picker">{fields}
<label for="day">Or see the free times of a day</label>
<input id="day" name="day" type="date" value="{escape(day)}">
<button type="submit">Show times</button></form>"""


def chosen_start(given: object) -> datetime | None:
    """The time a form chose (an offered slot's ISO time); None for anything else."""
    try:
        start = datetime.fromisoformat(str(given or ""))
    except ValueError:
        return None
    return start if start.tzinfo is not None else None


def chosen_day(given: str | None) -> date | None:
    """The day a day picker asked for; None for none or anything else."""
    try:
        return date.fromisoformat(given) if given else None
    except ValueError:
        return None
