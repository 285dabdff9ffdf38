"""What the deliverer asks of every channel: send a message in the pieces the platform takes,
and say how a failed send failed."""

from __future__ import annotations

from typing import Protocol

from domain.customers import Channel
from domain.messages import Outbound


class DeliveryFailed(Exception):
    """Sending did not work. Temporary unless `permanent`; `unreachable` means the person
    cannot be reached on this channel at all (blocked the bot, bad number); `opted_out` that
    they asked for no messages here, which is nobody's fault and nothing to alert about;
    `instead` names the channel that is to carry the message in place of this one."""

    def __init__(
        self,
        reason: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        unreachable: bool = False,
        opted_out: bool = False,
        instead: Channel | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent or unreachable or opted_out or instead is not None
        self.unreachable = unreachable
        self.opted_out = opted_out
        self.instead = instead


class ChannelSender(Protocol):
    def pieces(self, message: Outbound) -> list[Outbound]:
        """The message as the platform calls that carry it, in order (see split_message)."""
        ...

    async def send(self, message: Outbound, *, outbox_id: int) -> str | None:
        """Deliver one piece; the platform's id for it. Raises DeliveryFailed."""
        ...
