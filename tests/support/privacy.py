"""What the privacy tests look through: every table's rows as text, every stored file."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.tables import Base


async def rows_mentioning(engine: AsyncEngine, *words: str) -> list[tuple[str, str]]:
    """(table, row as text) of every row in the database that holds any of `words`."""
    found = []
    async with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in await connection.execute(select(table)):
                text = json.dumps([str(value) for value in row], ensure_ascii=False)
                text += json.dumps(list(row._mapping.values()), default=str)
                if any(word.lower() in text.lower() for word in words):
                    found.append((table.name, text))
    return found


def stored_files(folder: Path) -> set[str]:
    """The keys in a local file store (the database's own files left out)."""
    return {
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and ".sqlite" not in path.name
    }
