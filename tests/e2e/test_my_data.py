"""MY DATA end to end: a customer on SMS and one on Telegram each ask for their data and get a
link that works, to an export of their own jobs, messages and files: not the technician's
private notes, and nothing of the other customer's."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

from yarl import URL

from tests.stubs.telegram_updates import callback_update, command_update, photo_update
from tests.support.images import picture
from tests.support.telegram_service import CUSTOMER_CHAT, book_with_buttons, post_update
from tests.support.twilio_service import THANDI, Service

DATA_LINK = re.compile(r"(https?://\S+/my-data/[A-Za-z0-9_.-]+)")


async def downloaded(service: Service, text: str) -> tuple[dict[str, Any], list[str]]:
    """Follow the link in `text` to the data page, then its download: data.json and files."""
    link = DATA_LINK.search(text)
    assert link, text
    path = URL(link.group(1)).path
    page = await service.client.get(path)
    assert page.status == 200
    assert f'href="{path}/download"' in await page.text()
    response = await service.client.get(f"{path}/download")
    assert response.status == 200 and response.content_type == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(await response.read()))
    return json.loads(archive.read("data.json")), archive.namelist()


async def test_sms_and_telegram_customers_each_get_their_own_data_by_link(
    service: Service,
) -> None:
    sms_job = await service.book(THANDI)
    await service.technician_says(f"/note {sms_job} visible Keep the charger plugged in")
    await service.technician_says(f"/note {sms_job} Spare key under the mat")
    await service.settled()
    await book_with_buttons(service.client, CUSTOMER_CHAT, "+27825550199")
    service.telegram.add_file("photo-9", picture("PNG"))
    await post_update(service.client, callback_update(CUSTOMER_CHAT, "menu.talk", message_id=720))
    await post_update(service.client, photo_update(CUSTOMER_CHAT, "photo-9", caption="Error"))
    await service.settled()

    answer = await service.texts(THANDI, "MY DATA")
    data, names = await downloaded(service, answer.body)
    [job] = data["jobs"]
    assert job["reference"] == sms_job and job["problem"] == "My laptop will not switch on"
    assert [n["text"] for n in job["notes"]] == ["Keep the charger plugged in"]
    assert [e["status"] for e in job["timeline"]] == ["requested", "scheduled"]
    said = [m["text"] for m in data["messages"] if m["from"] == "you"]
    assert "My laptop will not switch on" in said and "MY DATA" in said
    assert data["details"]["phone"] == THANDI
    whole = json.dumps(data)
    assert "Spare key" not in whole and "Laptop will not boot" not in whole
    assert "+27825550199" not in whole and names == ["data.json"]

    await post_update(service.client, command_update(CUSTOMER_CHAT, "/mydata"))
    await service.settled()
    [reply] = [
        c["text"]
        for c in service.telegram.calls_to("sendMessage")
        if c["chat_id"] == CUSTOMER_CHAT and "/my-data/" in c["text"]
    ]
    data, names = await downloaded(service, reply)
    [job] = data["jobs"]
    assert job["problem"] == "Laptop will not boot" and job["reference"] != sms_job
    [photo] = [n for n in names if n.startswith("files/")]
    assert photo.startswith(f"files/{job['reference']}/")
    whole = json.dumps(data)
    assert THANDI not in whole and "My laptop will not switch on" not in whole
    assert "Keep the charger" not in whole


async def test_a_data_link_altered_or_for_a_file_opens_nothing(service: Service) -> None:
    await service.texts(THANDI, "hi")
    await service.settled()  # the greeting and its notice may come as two texts
    answer = await service.texts(THANDI, "MY DATA")
    link = DATA_LINK.search(answer.body)
    assert link
    path = URL(link.group(1)).path
    assert (await service.client.get(path[:-2] + "xx")).status == 404
    assert (await service.client.get("/my-data/nothing.here/download")).status == 404
    assert (await service.client.get("/f/" + path.rsplit("/", 1)[1])).status == 404
