"""Signing in without a password: one-time codes, sign-in links and session tokens, their
lifetimes and tries, and the limits on asking for codes. Pure rules: the caller keeps the rows."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
CODE_TRIES = 5  # wrong codes before the code is spent
# An e-mail can sit in a queue or a spam folder a while: its proof code lives longer.
EMAIL_CODE_LIFETIME = timedelta(hours=1)
LINK_LIFETIME = timedelta(minutes=30)
# A session ends when unused this long; used, it lives on (a phone stays signed in).
SESSION_IDLE = timedelta(days=30)
# A session's last use is written at most this often, so pages do not write on every view.
SEEN_EVERY = timedelta(minutes=5)


class CodePurpose(StrEnum):
    SIGN_IN = "sign_in"  # to a number already proven: a customer signs in
    PROVE = "prove"  # to a number only typed: proving it is theirs (booking, sign-up)


class CodeCheck(StrEnum):
    RIGHT = "right"
    WRONG = "wrong"  # a try counted; more tries remain
    SPENT = "spent"  # expired, used, or out of tries: a new code is needed


def new_code() -> str:
    """Six digits, from the system's secure source; leading zeros kept."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def new_token() -> str:
    """A link's or a session's secret: 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored of a token: a leaked table holds nothing that signs anyone in."""
    return hashlib.sha256(b"burbgigz token\0" + token.encode("utf-8", "replace")).hexdigest()


def code_hash(code: str, target: str) -> str:
    """What is stored of a code, bound to whom it was sent (one number's code proves no other)."""
    material = f"burbgigz code\0{target}\0{code.strip()}".encode("utf-8", "replace")
    return hashlib.sha256(material).hexdigest()


def same_hash(given: str, stored: str) -> bool:
    """Constant-time, on bytes: input that is not ASCII is unequal, never an error."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), stored.encode("utf-8", "replace"))


@dataclass(frozen=True, slots=True)
class SignInCode:
    """A code as stored: its hash, where it went, its clock and tries."""

    id: int
    target: str  # the E.164 number (or e-mail address) it was sent to
    customer_id: int | None  # None while the number is being proven for no record yet
    channel: str
    purpose: CodePurpose
    code_hash: str
    expires_at: datetime
    tries: int = 0
    used_at: datetime | None = None

    def usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at and self.tries < CODE_TRIES

    def check(self, given: str, now: datetime) -> CodeCheck:
        """What a typed code comes to; the caller counts a WRONG try and marks a RIGHT one used.
        A spent code answers SPENT even to the right digits."""
        if not self.usable(now):
            return CodeCheck.SPENT
        if same_hash(code_hash(given, self.target), self.code_hash):
            return CodeCheck.RIGHT
        return CodeCheck.SPENT if self.tries + 1 >= CODE_TRIES else CodeCheck.WRONG


@dataclass(frozen=True, slots=True)
class SignInLink:
    id: int
    customer_id: int
    expires_at: datetime
    used_at: datetime | None = None

    def usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at


@dataclass(frozen=True, slots=True)
class CustomerSession:
    """A signed-in browser: where and when, for the customer's list of sessions."""

    id: int
    customer_id: int
    created_at: datetime
    last_seen_at: datetime
    user_agent: str
    client_address: str
    revoked_at: datetime | None = None

    def live(self, now: datetime) -> bool:
        return self.revoked_at is None and now - self.last_seen_at < SESSION_IDLE

    def due_a_touch(self, now: datetime) -> bool:
        return now - self.last_seen_at >= SEEN_EVERY


@dataclass(frozen=True, slots=True)
class Limit:
    """At most `most` attempts per `window` for one subject (a number, an address, everyone)."""

    scope: str
    most: int
    window: timedelta

    def window_start(self, now: datetime) -> datetime:
        """Fixed windows: every process agrees which one `now` falls in."""
        seconds = int(self.window.total_seconds())
        epoch = int(now.timestamp())
        return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


# Codes to numbers already proven (a customer signing in), and to anyone at all.
SIGN_IN_PER_NUMBER = Limit("sign_in.number", 5, timedelta(hours=1))
SIGN_IN_PER_ADDRESS = Limit("sign_in.address", 20, timedelta(hours=1))
SIGN_IN_OVERALL = Limit("sign_in.all", 200, timedelta(hours=1))
# Codes that prove a NEW number cost us an SMS to anyone's phone: capped tighter, and overall.
PROVE_PER_NUMBER = Limit("prove.number", 3, timedelta(hours=1))
PROVE_PER_ADDRESS = Limit("prove.address", 5, timedelta(hours=1))
PROVE_OVERALL = Limit("prove.all", 60, timedelta(hours=1))
# Codes typed from one address, across numbers (guessing many numbers' codes), and wrong
# codes from everyone (guessing spread over many addresses).
CODE_TRIES_PER_ADDRESS = Limit("code_try.address", 30, timedelta(hours=1))
CODE_TRIES_OVERALL = Limit("code_try.all", 500, timedelta(hours=1))


def client_subject(client: str) -> str:
    """Whom a per-client limit counts: an IPv6 address by its /64 (one subscriber's share,
    whose every address is theirs to use); anything else (IPv4, a chat's sender) as it is."""
    try:
        address = ipaddress.ip_address(client.strip())
    except ValueError:
        return client
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
