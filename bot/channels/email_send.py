"""E-mail as a channel: the outbox's messages to an address, sent through an SMTP relay with
aiosmtplib. Only a proven address gets more than its code; a kind it unsubscribed from is not
sent; a permanent refusal (5xx) of the address says so, and anything passing is tried again."""

from __future__ import annotations

import logging
from email.message import EmailMessage

import aiosmtplib
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.email_compose import FileToAttach, Letterhead, compose
from bot.channels.email_links import UnsubscribeLinks
from bot.delivery.sending import DeliveryFailed
from bot.settings import Settings
from domain.email import TRANSACTIONAL, MailTopic
from domain.messages import Outbound
from domain.ports import FileStore
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)


class EmailSender:
    def __init__(
        self,
        settings: Settings,
        head: Letterhead,
        sessions: async_sessionmaker[AsyncSession],
        files: FileStore,
        unsubscribe: UnsubscribeLinks,
    ) -> None:
        self._settings = settings
        self._head = head
        self._sessions = sessions
        self._files = files
        self._unsubscribe = unsubscribe

    # ChannelSender: an e-mail carries the whole message, its files too.
    def pieces(self, message: Outbound) -> list[Outbound]:
        return [message]

    async def send(self, message: Outbound, *, outbox_id: int) -> str | None:
        topic = MailTopic(message.topic or MailTopic.UPDATE)
        await self._may_send(message.recipient, topic)
        files = [
            FileToAttach(await self._files.get(a.ref), a.content_type, a.filename or "file")
            for a in message.attachments
        ]
        stoppable = topic not in TRANSACTIONAL
        link = await self._unsubscribe.url(message.recipient, topic) if stoppable else None
        mail = compose(self._head, message, files, outbox_id=outbox_id, unsubscribe_url=link)
        await self._submit(mail)
        return str(mail["Message-ID"])

    async def _may_send(self, address: str, topic: MailTopic) -> None:
        """Checked at the moment of sending: the address may have been refused, or the
        kind stopped, since the message was written."""
        async with SqlUnitOfWork(self._sessions) as uow:
            known = await uow.emails.by_address(address)
            stopped = topic not in TRANSACTIONAL and await uow.emails.unsubscribed(address, topic)
        if topic is MailTopic.CODE:  # asked for just now, to prove an address not yet kept
            return
        if known is not None and known.refused_at is not None:
            raise DeliveryFailed("the address was refused before", unreachable=True)
        if known is None or not known.usable:
            raise DeliveryFailed("the address is not proven yet", opted_out=True)
        if stopped:
            raise DeliveryFailed(f"unsubscribed from {topic} e-mails", opted_out=True)

    async def _submit(self, mail: EmailMessage) -> None:
        settings = self._settings
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        try:
            await aiosmtplib.send(
                mail,
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username,
                password=password,
                use_tls=settings.smtp_tls,
                start_tls=settings.smtp_starttls and not settings.smtp_tls,
                timeout=settings.smtp_timeout_seconds,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            [refused, *_] = exc.recipients
            raise _failure(refused.code, refused.message, address=True) from None
        except aiosmtplib.SMTPResponseException as exc:
            # A message the relay will never take (5xx to DATA) is given up; a refusal of
            # our own sign-in or sender is a setting to fix, so it is tried again meanwhile.
            data = isinstance(exc, aiosmtplib.SMTPDataError)
            raise _failure(exc.code, exc.message, address=False, final=data) from None
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise DeliveryFailed(f"the relay did not answer ({type(exc).__name__})") from None


async def relay_problem(settings: Settings) -> str | None:
    """What stops the relay taking mail (for `doctor`): not reachable, TLS, the sign-in."""
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    client = aiosmtplib.SMTP(
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        use_tls=settings.smtp_tls,
        start_tls=settings.smtp_starttls and not settings.smtp_tls,
        timeout=settings.smtp_timeout_seconds,
    )
    try:
        async with client:
            if settings.smtp_username:
                await client.login(settings.smtp_username, password or "")
            await client.noop()
    except aiosmtplib.SMTPAuthenticationError as exc:
        return f"the relay refused SMTP_USERNAME and SMTP_PASSWORD ({exc.code})"
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        return f"the relay cannot be reached ({type(exc).__name__})"
    return None


def _failure(code: int, text: str, *, address: bool, final: bool = False) -> DeliveryFailed:
    reason = f"{code} {text}".strip()
    if 500 <= code < 600 and address:
        return DeliveryFailed(f"the address was refused ({reason})", unreachable=True)
    if 500 <= code < 600 and final:
        return DeliveryFailed(f"the relay refused the e-mail ({reason})", permanent=True)
    return DeliveryFailed(f"the relay answered {reason}")
