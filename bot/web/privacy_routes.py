"""The privacy pages: GET /privacy (the business's full notice, when the business file names
no page of its own), GET /my-data/{token} (a customer's short-lived page for their data) and
GET /my-data/{token}/download (the zip: data.json and their files, gathered when fetched)."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from html import escape

from aiohttp import web

from bot.files.file_links import DATA_PREFIX, FILE_LINKS, LinkedFile, LinkRefused
from bot.keys import BUSINESS, CLOCK, FILES, SESSIONS, SETTINGS
from bot.web.pages import page
from domain.ports import FileStore
from domain.privacy import ERASED_NAME, AuditAction, AuditEntry, DataExport
from domain.privacy_notice import full_notice
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

DATA_ROUTE = "/my-data/{token}"
DOWNLOAD_ROUTE = "/my-data/{token}/download"


async def privacy_page(request: web.Request) -> web.Response:
    business = request.app[BUSINESS]
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in full_notice(business).split("\n\n"))
    body = f'<article class="notice"><h1>Privacy notice</h1>{paragraphs}</article>'
    return page(business.business, "Privacy notice", body)


async def data_page(request: web.Request) -> web.Response:
    linked = await _linked(request)
    info = request.app[BUSINESS].business
    until = linked.expires.astimezone(request.app[SETTINGS].business_zone)
    token = escape(request.match_info["token"])
    body = f"""<article class="notice"><h1>Your data</h1>
<p>Everything {escape(info.name)} holds about you: your details, your jobs with their timelines,
our messages, your ratings and invoices (in data.json), and your photos and documents.</p>
<p><a class="button" href="/my-data/{token}/download" download>Download (zip)</a></p>
<p>This link works until {until:%H:%M on %d %b %Y}. Ask for MY DATA in our chat for a new one.</p>
</article>"""
    return page(info, "Your data", body)


async def download(request: web.Request) -> web.Response:
    linked = await _linked(request)
    app = request.app
    customer_id = int(linked.key.removeprefix(DATA_PREFIX))
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        customer = await uow.customers.get(customer_id)
        export = await uow.privacy.export(customer_id)
        if customer is None or export is None or customer.name == ERASED_NAME:
            raise web.HTTPNotFound(text="there is no data here any more")
        at = app[CLOCK].now()
        await uow.privacy.audit(
            AuditEntry("customer (data link)", AuditAction.EXPORTED, customer_id, at, "download")
        )
        await uow.commit()
    body = await zipped(export, app[FILES])
    log.info("my data: an export of customer %d downloaded", customer_id)
    return web.Response(
        body=body,
        headers={
            "Content-Type": "application/zip",
            "Content-Disposition": 'attachment; filename="my-data.zip"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


async def zipped(export: DataExport, files: FileStore) -> bytes:
    """data.json, and each file that is still in the store under files/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(export.data, indent=2, ensure_ascii=False))
        for file in export.files:
            if await files.exists(file.key):
                archive.writestr(f"files/{file.name}", await files.get(file.key))
    return buffer.getvalue()


async def _linked(request: web.Request) -> LinkedFile:
    try:
        linked = await request.app[FILE_LINKS].open(request.match_info["token"])
    except LinkRefused as refused:
        if refused.status == 403:
            raise web.HTTPForbidden(text="this link has expired: ask for MY DATA again") from None
        raise web.HTTPNotFound(text="no such link") from None
    except ValueError:
        raise web.HTTPNotFound(text="no such link") from None
    if not linked.key.startswith(DATA_PREFIX) or not linked.key[len(DATA_PREFIX) :].isdigit():
        raise web.HTTPNotFound(text="no such link")
    return linked
