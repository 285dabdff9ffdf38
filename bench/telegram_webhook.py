"""Closed-loop load through the Telegram webhook on Postgres: BurbGigz beside a minimal bot.

    .venv/bin/python -m bench.telegram_webhook [--users 64] [--seconds 20]

Each simulated user sends /start to the webhook and waits until the reply reaches the Bot API
stand-in, then sends again. Both bots run as their own process with the same Telegram rate
limits raised out of the way (30/s overall and 1/s per chat would measure Telegram's limits,
not the bots: each simulated user waits for its reply and writes again at once). The minimal
bot is webhook → one dedupe INSERT → sendMessage, sending the very reply BurbGigz sends (the
greeting and its four buttons), so the comparison measures the pipeline, not the payload.
It also prints each bot's CPU time per round trip, which a shared machine disturbs less than
the rates. Targets (issue 22): p99 under 100 ms at 8 users; at 64 users, at least 0.75 of the
minimal bot's round trips per second.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import signal
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import asyncpg
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import AIORateLimiter, ExtBot

from bench.service import RATE, SECRET, UNLIMITED, start_service
from handlers.customer.menu import main_menu
from tests.stubs import databases
from tests.stubs.service_process import clean_env, free_port, wait_for_health
from tests.stubs.telegram_api import ApiCall, FakeBotApi
from tests.stubs.telegram_updates import command_update

WARM_UP_SECONDS = 3.0
# What BurbGigz answers to /start (handlers/menu.py), for the minimal bot to send as well.
GREETING = (
    "Hi Thandi! Welcome to BurbGigz, friendly IT support from Lombardy East. How can we help?"
)
MENU = InlineKeyboardMarkup(
    [[InlineKeyboardButton(option.label, callback_data=option.id)] for option in main_menu()]
)
_update_ids = itertools.count(1_000_000)


@dataclass
class Result:
    name: str
    round_trips: int
    seconds: float
    latencies: list[float]
    cpu_seconds: float

    def row(self) -> str:
        ordered = sorted(self.latencies)
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        cpu_ms = self.cpu_seconds * 1000 / max(self.round_trips, 1)
        return (
            f"{self.name:<12} {self.round_trips / self.seconds:>10.1f} {p50:>9.1f} {p99:>9.1f}"
            f" {cpu_ms:>10.2f}"
        )


def cpu_seconds(pid: int) -> float:
    """The process's CPU time so far (user and system), from /proc: steadier than a rate on a
    shared machine, where the bot's share of the cores changes from run to run."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run_minimal_bot(port: int, database_url: str, api_base: str, token: str) -> None:
    """The yardstick: the least a correct webhook bot must do."""
    pool = await asyncpg.create_pool(database_url, min_size=4, max_size=10)
    await pool.execute("CREATE TABLE IF NOT EXISTS seen_updates (update_id BIGINT PRIMARY KEY)")
    limiter = AIORateLimiter(overall_max_rate=float(RATE))
    bot: ExtBot[int] = ExtBot(token, base_url=api_base, rate_limiter=limiter)
    await bot.initialize()
    pending: set[asyncio.Task[object]] = set()

    async def webhook(request: web.Request) -> web.Response:
        if request.headers.get("X-Telegram-Bot-Api-Secret-Token") != SECRET:
            return web.Response(status=403)
        update = await request.json()
        new = await pool.fetchval(
            "INSERT INTO seen_updates VALUES ($1) ON CONFLICT DO NOTHING RETURNING update_id",
            update["update_id"],
        )
        if new is not None:
            chat_id = update["message"]["chat"]["id"]
            task = asyncio.create_task(bot.send_message(chat_id, GREETING, reply_markup=MENU))
            pending.add(task)
            task.add_done_callback(pending.discard)
        return web.Response()

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/telegram/webhook", webhook)
    app.router.add_get("/healthz", health)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runner.cleanup()
    await bot.shutdown()
    await pool.close()


async def start_contender(
    name: str, api: FakeBotApi, database: str, port: int
) -> asyncio.subprocess.Process:
    url = databases.postgres_url(database)
    if name == "minimal bot":
        command = [
            "-m",
            "bench.telegram_webhook",
            "--minimal-bot",
            str(port),
            url,
            api.base_url,
            api.token,
        ]
        env = clean_env()
        return await asyncio.create_subprocess_exec(sys.executable, *command, env=env)
    return await start_service(api, url, port, **UNLIMITED)


async def load(
    api: FakeBotApi, pid: int, port: int, users: int, seconds: float, name: str
) -> Result:
    waiting: dict[int, asyncio.Future[float]] = {}

    def on_call(call: ApiCall) -> None:
        future = waiting.get(call.params.get("chat_id", 0))
        if call.method == "sendMessage" and future is not None and not future.done():
            future.set_result(time.monotonic())

    api.listeners.append(on_call)
    latencies: list[float] = []
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    start = time.monotonic()
    measure_from, deadline = start + WARM_UP_SECONDS, start + WARM_UP_SECONDS + seconds

    async def user(chat_id: int, http: aiohttp.ClientSession) -> None:
        while time.monotonic() < deadline:
            update = command_update(chat_id, "/start", update_id=next(_update_ids))
            future = waiting[chat_id] = asyncio.get_running_loop().create_future()
            sent = time.monotonic()
            async with http.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            ) as r:
                assert r.status == 200, f"webhook answered {r.status}"
            received = await asyncio.wait_for(future, timeout=30)
            if sent >= measure_from and received <= deadline:
                latencies.append(received - sent)

    async def cpu_in_window() -> float:
        await asyncio.sleep(measure_from - time.monotonic())
        before = cpu_seconds(pid)
        await asyncio.sleep(deadline - time.monotonic())
        return cpu_seconds(pid) - before

    connector = aiohttp.TCPConnector(limit=users)
    async with aiohttp.ClientSession(connector=connector) as http:
        cpu = asyncio.create_task(cpu_in_window())
        await asyncio.gather(*(user(20_000 + n, http) for n in range(users)))
    api.listeners.remove(on_call)
    return Result(name, len(latencies), seconds, latencies, await cpu)


async def benchmark(users: int, seconds: float) -> None:
    if reason := await asyncio.to_thread(databases.postgres_unavailable_reason):
        sys.exit(reason)
    results = []
    async with FakeBotApi() as api:
        for name in ("minimal bot", "BurbGigz"):
            database = await asyncio.to_thread(databases.create_postgres_database)
            if name == "BurbGigz":
                await asyncio.to_thread(databases.migrate_to_head, databases.postgres_url(database))
            port = free_port()
            process = await start_contender(name, api, database, port)
            try:
                if not await wait_for_health(port):
                    raise RuntimeError(f"{name} did not come up")
                if name == "BurbGigz":
                    await api.wait_for("setWebhook", timeout=30)
                results.append(await load(api, process.pid, port, users, seconds, name))
            finally:
                process.send_signal(signal.SIGTERM)
                await process.wait()
                await asyncio.to_thread(databases.drop_postgres_database, database)
            api.calls.clear()
    print(f"\n{users} users, closed loop, {seconds:.0f} s measured after a warm-up, on Postgres")
    print(f"{'bot':<12} {'trips/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'CPU ms/trip':>10}")
    for result in results:
        print(result.row())
    minimal, ours = (r.round_trips / r.seconds for r in results)
    minimal_cpu, our_cpu = (r.cpu_seconds / max(r.round_trips, 1) for r in results)
    print(f"BurbGigz / minimal throughput: {ours / minimal:.2f} (target at 64 users: >= 0.75)")
    print(f"minimal / BurbGigz CPU per round trip: {minimal_cpu / our_cpu:.2f}")
    print("target at 8 users: BurbGigz p99 under 100 ms")


def main() -> None:
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    if len(sys.argv) > 1 and sys.argv[1] == "--minimal-bot":
        port, url, api_base, token = sys.argv[2:6]
        asyncio.run(run_minimal_bot(int(port), url, api_base, token))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    asyncio.run(benchmark(args.users, args.seconds))


if __name__ == "__main__":
    main()
