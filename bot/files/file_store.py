"""The file store the settings ask for: a local folder, or a Supabase Storage bucket. Started
before the conversation core (which uses it) and closed after it."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from bot.keys import FILES, SETTINGS
from storage.files import LocalFileStore
from storage.supabase_files import SupabaseFileStore


async def file_store(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    if settings.files_backend != "supabase":
        app[FILES] = LocalFileStore(settings.files_dir)
        yield
        return
    assert settings.supabase_url and settings.supabase_service_role_key  # settings checked
    store = await SupabaseFileStore.connect(
        settings.supabase_url,
        settings.supabase_service_role_key.get_secret_value(),
        settings.supabase_bucket,
    )
    app[FILES] = store
    try:
        yield
    finally:
        await store.close()
