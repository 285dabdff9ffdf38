"""The web process's memory (resident set): after start-up, then after a mixed load.

    .venv/bin/python -m bench.memory [--minutes 10] [--telegram 8] [--web 8] [--pages 4]
                                     [--portal 4]

One BurbGigz process on a fresh Postgres beside the Bot API stand-in (webhook mode), as
bench.processes starts it; its RSS is read from /proc once it answers /healthz and has
settled, then after `--minutes` of the same closed-loop load as bench.processes (Telegram
webhook users, web chat users, open status pages, signed-in portal customers), then once more
after a short rest.
Target: under 150 MB idle.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import time
from pathlib import Path

from bench.processes import (
    Phase,
    TelegramUsers,
    booked_job,
    open_page,
    portal_customers,
    portal_user,
    start_service,
    web_user,
)
from tests.stubs import databases
from tests.stubs.service_process import free_port, wait_for_health
from tests.stubs.telegram_api import FakeBotApi

SETTLE_SECONDS = 5.0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def measure(args: argparse.Namespace) -> None:
    if reason := await asyncio.to_thread(databases.postgres_unavailable_reason):
        sys.exit(reason)
    database = await asyncio.to_thread(databases.create_postgres_database)
    url = databases.postgres_url(database)
    await asyncio.to_thread(databases.migrate_to_head, url)
    async with FakeBotApi() as api:
        port = free_port()
        process = await start_service(api, url, port)
        browsers = contextlib.AsyncExitStack()
        try:
            if not await wait_for_health(port):
                raise RuntimeError("the service did not come up")
            await api.wait_for("setWebhook", timeout=30)
            await asyncio.sleep(SETTLE_SECONDS)
            idle = rss_mb(process.pid)
            print(f"after start-up:            {idle:7.1f} MB (target < 150)")
            service = f"http://127.0.0.1:{port}"
            _, path = await booked_job(service)
            customers = await portal_customers([service], args.portal, browsers)
            seconds = args.minutes * 60
            phase = Phase(1, seconds)
            begin = time.monotonic()
            window = (begin, begin + seconds)
            telegram = TelegramUsers(api)
            await asyncio.gather(
                *(
                    telegram.user(60_000 + n, [service], phase, window)
                    for n in range(args.telegram)
                ),
                *(web_user(service, phase, window) for _ in range(args.web)),
                *(open_page(service, path, window[1]) for _ in range(args.pages)),
                *(
                    portal_user(n, browser, reference, [service], phase, window)
                    for n, (browser, reference) in enumerate(customers)
                ),
            )
            loaded = rss_mb(process.pid)
            trips = round(phase.round_trips * seconds)
            print(
                f"after {args.minutes:g} min of mixed load: {loaded:7.1f} MB ({trips} round trips)"
            )
            await asyncio.sleep(SETTLE_SECONDS)
            print(f"rested {SETTLE_SECONDS:.0f} s after:          {rss_mb(process.pid):7.1f} MB")
            if phase.problems:
                print("problems: " + "; ".join(phase.problems[:5]))
        finally:
            await browsers.aclose()
            process.send_signal(signal.SIGTERM)
            await process.wait()
            await asyncio.to_thread(databases.drop_postgres_database, database)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10, help="how long the load lasts")
    parser.add_argument("--telegram", type=int, default=8, help="Telegram users")
    parser.add_argument("--web", type=int, default=8, help="web chat users")
    parser.add_argument("--pages", type=int, default=4, help="open status pages")
    parser.add_argument("--portal", type=int, default=4, help="signed-in portal customers")
    asyncio.run(measure(parser.parse_args()))


if __name__ == "__main__":
    main()
