"""An outbound message as an e-mail: a plain-text part and an HTML part in the business's
colours, how to reach us in chat at the foot of both, its files attached, and for the kinds
that can be stopped the List-Unsubscribe headers of RFC 8058."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from html import escape

from domain.business import BusinessInfo
from domain.messages import Outbound

_LINK = re.compile(r"https?://[^\s<>\"]+")
ONE_CLICK = "List-Unsubscribe=One-Click"


@dataclass(frozen=True)
class Letterhead:
    """What every e-mail carries besides its message."""

    sender: str  # EMAIL_FROM
    business: BusinessInfo
    chat_url: str  # the web chat


@dataclass(frozen=True)
class FileToAttach:
    data: bytes
    content_type: str  # may carry parameters: "text/calendar; method=REQUEST"
    filename: str


def compose(
    head: Letterhead,
    message: Outbound,
    files: list[FileToAttach],
    *,
    outbox_id: int,
    unsubscribe_url: str | None,
) -> EmailMessage:
    info = head.business
    mail = EmailMessage()
    mail["From"] = head.sender
    mail["To"] = message.recipient
    mail["Reply-To"] = f"{info.shown_name} <{info.email}>"
    mail["Subject"] = message.subject or message.text.splitlines()[0][:78]
    domain = head.sender.rsplit("@", 1)[-1].strip(">")
    mail["Message-ID"] = make_msgid(idstring=f"outbox{outbox_id}", domain=domain)
    if unsubscribe_url:
        mail["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        mail["List-Unsubscribe-Post"] = ONE_CLICK
    reach = (
        f"To reach us in chat, open {head.chat_url} or answer us on the chat you use with "
        f"us; or call {info.phone}. Replies to this e-mail reach {info.shown_name} too."
    )
    stop = f"\n\nStop e-mails like this one: {unsubscribe_url}" if unsubscribe_url else ""
    mail.set_content(f"{message.text}\n\n--\n{reach}{stop}\n")
    mail.add_alternative(_html(head, message.text, reach, unsubscribe_url), subtype="html")
    for file in files:
        kind, _, params = file.content_type.partition(";")
        maintype, _, subtype = kind.strip().partition("/")
        extra = dict(p.strip().split("=", 1) for p in params.split(";") if "=" in p)
        mail.add_attachment(
            file.data, maintype=maintype, subtype=subtype, filename=file.filename, params=extra
        )
    return mail


def _html(head: Letterhead, text: str, reach: str, unsubscribe_url: str | None) -> str:
    info = head.business
    body = "<br>\n".join(_linked(line) for line in text.splitlines())
    stop = (
        f'<p style="font-size:12px"><a href="{escape(unsubscribe_url)}">Stop e-mails like this '
        "one</a></p>"
        if unsubscribe_url
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><body style="margin:0;font-family:Arial,Helvetica,sans-serif;color:#1b1f23">
<div style="background:{escape(info.colour)};color:#ffffff;padding:16px 24px;font-size:20px">
<strong>{escape(info.shown_name)}</strong></div>
<div style="padding:24px;font-size:16px;line-height:1.5">{body}</div>
<div style="padding:0 24px 24px;font-size:13px;color:#555555">
<p>{_linked(reach)}</p>{stop}</div>
</body></html>
"""


def _linked(line: str) -> str:
    """The line escaped, its web addresses made links."""
    out, at = [], 0
    for found in _LINK.finditer(line):
        url = found.group(0)
        out += [escape(line[at : found.start()]), f'<a href="{escape(url)}">{escape(url)}</a>']
        at = found.end()
    return "".join([*out, escape(line[at:])])
