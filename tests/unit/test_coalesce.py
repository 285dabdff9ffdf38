"""Group commit: concurrent callers share a write; one bad item fails only itself."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from sqlalchemy.exc import OperationalError

from bot.coalesce import Coalescer


class Store:
    def __init__(self, fail_on: str | None = None, outage: bool = False) -> None:
        self.writes: list[list[str]] = []
        self.fail_on = fail_on
        self.outage = outage

    async def write(self, items: Sequence[str]) -> list[str]:
        await asyncio.sleep(0.01)  # a transaction takes a moment; others arrive meanwhile
        if self.outage:
            raise OperationalError("COMMIT", {}, ConnectionRefusedError())
        if self.fail_on in items:
            raise ValueError(f"cannot store {self.fail_on}")
        self.writes.append(list(items))
        return [item.upper() for item in items]


async def test_concurrent_callers_share_writes_and_each_gets_its_own_result() -> None:
    store = Store()
    coalescer = Coalescer(store.write)
    items = [f"m{n}" for n in range(20)]
    results = await asyncio.gather(*(coalescer.add(item) for item in items))
    assert results == [item.upper() for item in items]
    assert sorted(i for batch in store.writes for i in batch) == sorted(items)
    assert len(store.writes) < len(items)  # shared: here one for the first, one for the rest


async def test_one_bad_item_fails_alone() -> None:
    store = Store(fail_on="bad")
    coalescer = Coalescer(store.write)
    outcomes = await asyncio.gather(
        *(coalescer.add(i) for i in ("a", "b", "bad", "c")), return_exceptions=True
    )
    assert outcomes[:2] == ["A", "B"] and outcomes[3] == "C"
    assert isinstance(outcomes[2], ValueError)


async def test_an_outage_fails_everyone_waiting_without_retrying_one_by_one() -> None:
    store = Store(outage=True)
    coalescer = Coalescer(store.write)
    outcomes = await asyncio.gather(
        *(coalescer.add(i) for i in ("a", "b", "c")), return_exceptions=True
    )
    assert all(isinstance(o, OperationalError) for o in outcomes)
    assert store.writes == []


async def test_a_lone_caller_is_written_at_once() -> None:
    store = Store()
    coalescer = Coalescer(store.write)
    assert await asyncio.wait_for(coalescer.add("solo"), timeout=1) == "SOLO"
    assert store.writes == [["solo"]]
    with pytest.raises(ValueError, match="cannot store bad"):
        await Coalescer(Store(fail_on="bad").write).add("bad")
