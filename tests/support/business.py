"""The bundled business file with what a test needs added."""

from __future__ import annotations

from importlib.resources import files

import pytest

from domain.business import BusinessConfig, load_business_config_text

LOAD_SHEDDING = "[load_shedding.area_ids]\n"
# The bundled file's made-up bank details, and real-looking ones an invoice can be sent with.
REAL_BANK = {
    'bank = "PLACEHOLDER BANK"': 'bank = "FNB"',
    'account_number = "0000000000"': 'account_number = "62001234567"',
    'branch_code = "000000"': 'branch_code = "250655"',
}


def _bundled() -> str:
    return files("bot").joinpath("default_business.toml").read_text("utf-8")


def business_with_load_shedding_ids(ids: dict[str, str]) -> BusinessConfig:
    """The bundled business, with these areas mapped to the schedule's area ids."""
    text = _bundled()
    assert LOAD_SHEDDING in text
    lines = "".join(f'"{area}" = "{area_id}"\n' for area, area_id in ids.items())
    return load_business_config_text(text.replace(LOAD_SHEDDING, LOAD_SHEDDING + lines))


def business_paid_by_eft(vat_number: str | None = None) -> BusinessConfig:
    """The bundled business with real-looking bank details (and a VAT number when given), so
    its invoices may be sent."""
    text = _bundled()
    for placeholder, real in REAL_BANK.items():
        assert placeholder in text
        text = text.replace(placeholder, real)
    if vat_number:
        text = text.replace('# vat_number = "4000000000"', f'vat_number = "{vat_number}"')
    return load_business_config_text(text)


# For a test that sends an invoice: the scene's (or the app's) business, with real bank details.
with_real_bank_details = pytest.mark.parametrize("business", [business_paid_by_eft()], ids=["eft"])
