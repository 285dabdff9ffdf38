"""Human job references and phone numbers as customers type them."""

from __future__ import annotations

import pytest

from domain.customers import Channel, ChannelIdentity, Customer
from domain.errors import InvalidPhoneNumber, InvalidReference
from domain.jobs import job_reference, parse_job_reference
from domain.phones import local_phone, normalize_phone


def test_references_start_at_bg_1001() -> None:
    assert job_reference(1001) == "BG-1001"  # the first: migration 0001 starts the counter
    assert job_reference(12_345) == "BG-12345"


@pytest.mark.parametrize("typed", ["BG-1004", "bg-1004", "bg 1004", " BG1004 ", "Bg-1004"])
def test_references_are_read_however_they_are_typed(typed: str) -> None:
    assert parse_job_reference(typed) == "BG-1004"


@pytest.mark.parametrize(
    "typed", ["1004", "BG-", "BG-12", "XY-1004", "BG-1004; DROP TABLE jobs", ""]
)
def test_anything_else_is_not_a_reference(typed: str) -> None:
    with pytest.raises(InvalidReference):
        parse_job_reference(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "082 123 4567",
        "0821234567",
        "+27 82 123 4567",
        "0027821234567",
        "27821234567",
        "(082) 123-4567",
    ],
)
def test_south_african_numbers_become_e164(typed: str) -> None:
    assert normalize_phone(typed) == "+27821234567"


def test_foreign_numbers_are_kept_in_e164() -> None:
    assert normalize_phone("+44 20 7946 0958") == "+442079460958"


@pytest.mark.parametrize("typed", ["hello", "082 123", "+27 82 123 4567 89", "0"])
def test_unreadable_numbers_are_refused(typed: str) -> None:
    with pytest.raises(InvalidPhoneNumber):
        normalize_phone(typed)


def test_phone_identities_meet_across_sms_and_whatsapp() -> None:
    sms = ChannelIdentity.of(Channel.SMS, "082 123 4567")
    whatsapp = ChannelIdentity.of(Channel.WHATSAPP, "+27821234567")
    assert sms.address == whatsapp.address == "+27821234567"
    assert ChannelIdentity.of(Channel.TELEGRAM, "5551234").address == "5551234"


def test_customer_first_name() -> None:
    assert Customer(name="Thandi Mokoena").first_name == "Thandi"
    assert Customer(name="  ").first_name == "there"


def test_a_number_is_shown_as_people_here_write_it() -> None:
    assert local_phone("+27110000000") == "011 000 0000"
    assert local_phone("+447700900123") == "+447700900123"  # a foreign number stays whole
