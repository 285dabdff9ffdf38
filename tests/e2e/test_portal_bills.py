"""A job's portal page shows what its issued invoice still owes and the link to pay it (issue
17: "shown on the portal"), through Yoco's stand-in on both databases; once paid through the
link, the page no longer asks for anything. Only the customer's own page shows it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from html import unescape

import pytest

from bot.web.portal.session_cookie import COOKIE
from domain.customers import Channel
from tests.support.invoices import invoice_sent
from tests.support.payments import Paying, customer_on, stand_in, started_with
from tests.support.portal import a_customer, customer_id_of, portal_cookie
from tests.support.twilio_service import Start


@pytest.fixture
async def paying(start: Start) -> AsyncIterator[Paying]:
    async with stand_in("yoco") as provider:
        yield await started_with(start, provider)


async def _page(paying: Paying, customer: int, path: str) -> tuple[int, str]:
    """`path` as a browser signed in as `customer` sees it (the cookie passed by hand: it is
    Secure, the public address being https)."""
    cookie = await portal_cookie(paying.service.client.app, customer)
    answer = await paying.service.client.get(path, headers={"Cookie": f"{COOKIE}={cookie}"})
    return answer.status, unescape(await answer.text())


async def test_the_job_page_shows_the_balance_and_the_payment_link(paying: Paying) -> None:
    service, provider = paying.service, paying.provider
    number, reference = await customer_on(service, "sms")
    customer = await customer_id_of(service.client.app, Channel.SMS, number)
    path = f"/portal/jobs/{reference}"
    status, before = await _page(paying, customer, path)
    assert status == 200 and "To pay" not in before

    await invoice_sent(service, reference)
    link_id = paying.only_link
    _, page = await _page(paying, customer, path)
    assert "INV-00001: R550.00 to pay" in page
    assert f'href="{provider.links[link_id].url}"' in page and "Pay INV-00001 now" in page

    stranger = await a_customer(service.client.app, "Sipho Dlamini")
    assert (await _page(paying, stranger, path))[0] == 404

    assert await provider.pay(link_id) == 200
    await service.settled()
    _, paid = await _page(paying, customer, path)
    assert "to pay" not in paid and "Pay INV-00001" not in paid
