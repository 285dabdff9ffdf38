"""The figures end to end: /figures in the Telegram admin chat gives the words and the charts
as photos; /figures csv gives the accountant's CSV as a document; the console shows the same
figures on a page and hands out the same CSV."""

from __future__ import annotations

import base64
import csv
import io
import re

from bot.keys import SESSIONS
from tests.stubs.telegram_api import UploadedFile
from tests.support.figure_data import seed
from tests.support.images import shape
from tests.support.telegram_service import ADMIN_CHAT
from tests.support.twilio_service import Service
from tests.support.web_service import WebService

CHART_TITLES = [
    "Jobs by service",
    "Most common problems",
    "Jobs by day of the week",
    "Survey scores (1-5)",
    "Invoiced by month, excl. VAT",
    "Unpaid invoices by age, incl. VAT",
]
PACED = 15.0  # seconds for seven messages to one chat
CSV_TOTAL = ["Total", "", "", "", "", "3855.91", "578.39", "4434.30", "1968.30"]


def totals(data: bytes) -> list[str]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[-1]


async def test_figures_reach_the_admin_chat_as_text_and_photos(service: Service) -> None:
    await seed(service.client.app[SESSIONS])
    await service.technician_says("/figures this month")
    # The photos come first, then the words; Telegram takes about one a second in a chat.
    photos = await service.telegram.wait_for(
        "sendPhoto", len(CHART_TITLES), chat_id=ADMIN_CHAT, timeout=PACED
    )
    text = await service.technician_sees("Figures for this month (November 2026)", PACED)
    assert "Invoiced: R3 029.82 excl. VAT, VAT R454.48" in text
    assert [p["caption"] for p in photos] == CHART_TITLES
    for photo in photos:
        upload = photo["photo"]
        assert isinstance(upload, UploadedFile)
        assert shape(upload.data)[0] == "PNG"


async def test_the_csv_reaches_the_admin_chat_as_a_document(service: Service) -> None:
    await seed(service.client.app[SESSIONS])
    await service.technician_says("/figures csv q4 2026")
    [sent] = await service.telegram.wait_for("sendDocument", chat_id=ADMIN_CHAT)
    upload = sent["document"]
    assert isinstance(upload, UploadedFile)
    assert upload.filename == "invoices-2026-10-01_2026-12-31.csv"
    assert totals(upload.data) == CSV_TOTAL
    await service.technician_sees("Invoices issued in Q4 2026: 4")


async def test_the_console_shows_the_figures_and_gives_the_csv(web: WebService) -> None:
    await seed(web.server.app[SESSIONS])
    async with web.browser_session() as visitor, web.browser_session() as technician:
        refused = await visitor.get("/admin/figures", allow_redirects=False)
        assert refused.status == 403
        await web.signed_in(technician)
        page = await technician.get("/admin/figures", params={"period": "this month"})
        html = await page.text()
        assert page.status == 200
        assert "Figures for this month (November 2026)" in html
        assert "Invoiced: R3 029.82 excl. VAT, VAT R454.48" in html
        images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"', html)
        assert [alt for _, alt in images] == CHART_TITLES
        assert all(shape(base64.b64decode(data))[0] == "PNG" for data, _ in images)

        empty = await (await technician.get("/admin/figures", params={"period": "2025"})).text()
        assert "Nothing to count for 2025" in empty and '<img src="data:' not in empty

        export = await technician.get("/admin/figures.csv", params={"period": "q4 2026"})
        assert export.status == 200 and export.content_type == "text/csv"
        disposition = export.headers["Content-Disposition"]
        assert disposition == 'attachment; filename="invoices-2026-10-01_2026-12-31.csv"'
        assert totals(await export.read()) == CSV_TOTAL
