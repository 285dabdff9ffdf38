"""A soak under hostile and normal traffic, on loopback: is the service's memory flat?

    .venv/bin/python -m bench.soak [--minutes 30] [--rate 10] [--concurrency 16]

BurbGigz runs as its own process (`python -m bot serve`, on Postgres) beside the Telegram and
Twilio stand-ins. `--minutes` of traffic at `--rate` requests a second (30 minutes at 10/s:
18,000 requests) are sent as fast as `--concurrency` clients allow, so the run takes a few
minutes: customers writing on Telegram, SMS and the web chat, mixed with the hostile input of
tests/e2e/test_hostile_*.py (NULs, lone surrogates, nested JSON, lying encodings, forged or
over-long values, bad uploads and sign-ins, media from elsewhere). The service's resident
memory (RSS) is printed after start-up, after a warm-up tenth of the traffic and at the end;
the target is under 20 % growth from the warm-up to the end. Every answer must be below 500.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from twilio.request_validator import RequestValidator

from tests.stubs import databases
from tests.stubs.service_process import clean_env, free_port, wait_for_health
from tests.stubs.telegram_api import FakeBotApi
from tests.stubs.telegram_updates import callback_update, message_update
from tests.stubs.twilio_api import FakeTwilio

SECRET = "soak-secret"
PUBLIC = "https://burbgigz.soak"
ADMIN_TOKEN = "soak-console-token"
FORCE_CLOSE = os.environ.get("SOAK_FORCE_CLOSE") == "1"
CUSTOMERS = 200  # conversations the normal traffic is spread over
_ids = itertools.count(1)
Request = Callable[["Soak"], Awaitable[int]]


class Soak:
    def __init__(self, port: int, twilio: FakeTwilio, http: aiohttp.ClientSession) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.twilio = twilio
        self.http = http
        self._validator = RequestValidator(twilio.auth_token)

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        async with self.http.post(self.url + path, data=body, headers=headers) as response:
            await response.read()
            return response.status

    async def update(self, update: object, secret: str = SECRET) -> int:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": "application/json"}
        return await self.post("/telegram/webhook", json.dumps(update).encode(), headers)

    async def sms(self, path: str = "/twilio/inbound", **params: str) -> int:
        number = f"+278255{next(_ids) % CUSTOMERS:05d}"
        sid = f"SM{next(_ids):032d}"
        form = {"MessageSid": sid, "From": number, "To": "+27875550100", "Body": "hi"} | params
        signature = self._validator.compute_signature(PUBLIC + path, form)
        headers = {
            "X-Twilio-Signature": signature,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return await self.post(path, urlencode(form).encode(), headers)

    async def web_frames(self, *frames: str) -> int:
        """A visitor opens the chat page and its socket and sends `frames`; 101 if all were
        answered on the open socket."""
        async with self.http.get(self.url + "/") as page:
            # The cookie is marked Secure (PUBLIC_BASE_URL is https): sent by hand over http.
            cookie = page.cookies["bg_chat"].value
        headers = {"Cookie": f"bg_chat={cookie}"}
        ws = self.http.ws_connect(self.url + "/ws", origin=self.url, headers=headers)
        async with ws as socket:
            for frame in frames:
                await socket.send_str(frame)
                while (await socket.receive_json(timeout=30)).get("type") == "message":
                    pass
        return 101


def _chat() -> int:
    return 30_000 + next(_ids) % CUSTOMERS


def _frame(text: object) -> str:
    return json.dumps({"id": f"soak-{next(_ids):010d}", "text": text})


NORMAL: dict[str, Request] = {
    "telegram hi": lambda s: s.update(message_update(_chat(), "hi")),
    "telegram menu": lambda s: s.update(message_update(_chat(), "menu")),
    "telegram button": lambda s: s.update(callback_update(_chat(), "menu.book", message_id=1)),
    "sms menu": lambda s: s.sms(Body="menu"),
    "web chat": lambda s: s.web_frames(_frame("hi"), _frame("menu")),
}
HOSTILE: dict[str, Request] = {
    "telegram nul": lambda s: s.update(message_update(_chat(), "a\x00b\ud800")),
    "telegram long name": lambda s: s.update(message_update(_chat(), "hi", first_name="N" * 5000)),
    "telegram bad date": lambda s: s.update({"update_id": 1, "message": {"date": 10**20}}),
    "telegram wrong secret": lambda s: s.update(message_update(_chat(), "x"), secret="wrong\u00e9"),
    "telegram nesting": lambda s: s.post(
        "/telegram/webhook", b"[" * 50_000, {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    ),
    "telegram gzip lie": lambda s: s.post(
        "/telegram/webhook",
        b"nope",
        {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Encoding": "gzip"},
    ),
    "sms nul long sid": lambda s: s.sms(Body="hel\x00lo", MessageSid="SM" + "9" * 10_000),
    "sms file: media": lambda s: s.sms(NumMedia="1", MediaUrl0="file:///etc/passwd", Body=""),
    "status bad outbox": lambda s: s.sms(
        path="/twilio/status?outbox=99999999999999999999", MessageStatus="sent"
    ),
    "twilio charset": lambda s: s.post(
        "/twilio/inbound",
        b"Body=%FF",
        {
            "X-Twilio-Signature": "x",
            "Content-Type": "application/x-www-form-urlencoded; charset=klingon",
        },
    ),
    "sign-in not utf-8": lambda s: s.post(
        "/admin/sign-in",
        b"token=%FF",
        {"Origin": s.url, "Content-Type": "application/x-www-form-urlencoded"},
    ),
    "upload no boundary": lambda s: s.post(
        "/upload", b"--zz\r\ncut", {"Content-Type": "multipart/form-data"}
    ),
    "web bad frames": lambda s: s.web_frames(_frame("hel\x00lo"), "[" * 30_000, _frame(["a", 1])),
}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def start_service(
    twilio: FakeTwilio, api: FakeBotApi, database: str, port: int
) -> asyncio.subprocess.Process:
    env = clean_env(
        PORT=str(port),
        DATABASE_URL=databases.postgres_url(database),
        FILES_DIR=str(Path("var/soak-files").resolve()),
        PUBLIC_BASE_URL=PUBLIC,
        ADMIN_TOKEN=ADMIN_TOKEN,
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_BASE_URL=api.base_url,
        TELEGRAM_FILE_BASE_URL=api.file_base_url,
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        TELEGRAM_MAX_MESSAGES_PER_SECOND="100000",
        TELEGRAM_MESSAGES_PER_CHAT_PER_SECOND="1000",
        TWILIO_ACCOUNT_SID=twilio.account_sid,
        TWILIO_AUTH_TOKEN=twilio.auth_token,
        TWILIO_SMS_FROM="+27875550100",
        TWILIO_API_BASE_URL=twilio.base_url,
        TWILIO_MEDIA_HOSTS=",".join(twilio.media_hosts),
        TWILIO_MESSAGES_PER_SECOND="100000",
        LOG_LEVEL="ERROR",
    )
    command = [sys.executable, "-m", "bot", "serve"]
    return await asyncio.create_subprocess_exec(*command, env=env)


async def send(soak: Soak, requests: list[tuple[str, Request]], concurrency: int) -> Counter[int]:
    statuses: Counter[int] = Counter()
    queue = iter(requests)

    async def client() -> None:
        for name, request in queue:
            try:
                statuses[await request(soak)] += 1
            except (aiohttp.ClientError, TimeoutError) as exc:
                statuses[0] += 1  # a dropped socket or no answer: counted as a failure
                print(f"  failed: {name}: {type(exc).__name__}", file=sys.stderr)

    await asyncio.gather(*(client() for _ in range(concurrency)))
    return statuses


def traffic(total: int) -> list[tuple[str, Request]]:
    """Two normal requests to each hostile one, interleaved."""
    kinds = itertools.cycle([*NORMAL.items(), *HOSTILE.items(), *NORMAL.items()])
    return [next(kinds) for _ in range(total)]


async def soak(minutes: float, rate: float, concurrency: int) -> None:
    if reason := await asyncio.to_thread(databases.postgres_unavailable_reason):
        sys.exit(reason)
    total = int(minutes * 60 * rate)
    database = await asyncio.to_thread(databases.create_postgres_database)
    await asyncio.to_thread(databases.migrate_to_head, databases.postgres_url(database))
    async with FakeTwilio() as twilio, FakeBotApi() as api:
        twilio.public_base_url = PUBLIC
        port = free_port()
        twilio.webhook_target = f"http://127.0.0.1:{port}"
        process = await start_service(twilio, api, database, port)
        try:
            if not await wait_for_health(port):
                raise RuntimeError("the service did not come up")
            connector = aiohttp.TCPConnector(limit=concurrency, force_close=FORCE_CLOSE)
            timeout = aiohttp.ClientTimeout(total=60)
            async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
                runner = Soak(port, twilio, http)
                started = rss_mb(process.pid)
                warm_up, rest = total // 10, total - total // 10
                began = time.monotonic()
                statuses = await send(runner, traffic(warm_up), concurrency)
                await asyncio.sleep(2)
                warm = rss_mb(process.pid)
                statuses += await send(runner, traffic(rest), concurrency)
                took = time.monotonic() - began
            await asyncio.sleep(5)  # replies in flight are sent
            end = rss_mb(process.pid)
        finally:
            process.send_signal(signal.SIGTERM)
            await process.wait()
            await asyncio.to_thread(databases.drop_postgres_database, database)
    growth = (end - warm) / warm * 100
    print(f"\n{total} requests ({minutes:g} minutes at {rate:g}/s) in {took:.0f} s, Postgres")
    print("answers: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    print(f"service RSS: {started:.1f} MB after start-up, {warm:.1f} MB after the warm-up, ")
    print(f"             {end:.1f} MB at the end: {growth:+.1f} % (target < 20 %)")
    if statuses[0] or any(status >= 500 for status in statuses):
        sys.exit("some requests got a 5xx or no answer")


def main() -> None:
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--rate", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    asyncio.run(soak(args.minutes, args.rate, args.concurrency))


if __name__ == "__main__":
    main()
