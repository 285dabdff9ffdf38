"""The sign-in rules: six-digit codes from the secure source, ten minutes, five tries, a
constant-time comparison that takes any input; limits in fixed windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.sign_in import (
    CODE_LIFETIME,
    CODE_TRIES,
    PROVE_PER_NUMBER,
    CodeCheck,
    CodePurpose,
    SignInCode,
    client_subject,
    code_hash,
    new_code,
    same_hash,
    token_hash,
)

NOW = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)
NUMBER = "+27821234567"


def _code(code: str = "123456", **changes: object) -> SignInCode:
    values: dict[str, object] = {
        "id": 1,
        "target": NUMBER,
        "customer_id": 7,
        "channel": "sms",
        "purpose": CodePurpose.SIGN_IN,
        "code_hash": code_hash(code, NUMBER),
        "expires_at": NOW + CODE_LIFETIME,
    }
    return SignInCode(**(values | changes))  # type: ignore[arg-type]


def test_codes_are_six_digits_with_leading_zeros_kept() -> None:
    codes = {new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 190  # not a fixed sequence


def test_ten_minutes_and_five_tries() -> None:
    assert CODE_LIFETIME == timedelta(minutes=10) and CODE_TRIES == 5
    code = _code()
    assert code.check("123456", NOW) is CodeCheck.RIGHT
    assert code.check(" 123456 ", NOW) is CodeCheck.RIGHT
    assert code.check("123456", NOW + CODE_LIFETIME) is CodeCheck.SPENT
    assert code.check("000000", NOW) is CodeCheck.WRONG
    assert _code(tries=4).check("000000", NOW) is CodeCheck.SPENT  # the fifth wrong try
    assert _code(tries=5).check("123456", NOW) is CodeCheck.SPENT
    assert _code(used_at=NOW).check("123456", NOW) is CodeCheck.SPENT


def test_one_numbers_code_proves_no_other() -> None:
    assert _code(target="+27827654321").check("123456", NOW) is CodeCheck.WRONG


def test_any_input_is_compared_without_error() -> None:
    for given in ("١٢٣٤٥٦", "12345\u00e9", "\udcff", "", "x" * 10_000):
        assert _code().check(given, NOW) is CodeCheck.WRONG
        assert not same_hash(given, token_hash("secret"))


def test_every_process_agrees_on_the_window() -> None:
    start = PROVE_PER_NUMBER.window_start(NOW + timedelta(minutes=59))
    assert start == NOW == PROVE_PER_NUMBER.window_start(NOW)
    assert PROVE_PER_NUMBER.window_start(NOW + timedelta(hours=1)) == NOW + timedelta(hours=1)


@pytest.mark.parametrize(
    ("client", "counted_as"),
    [
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("192.0.2.7", "192.0.2.7"),
        ("5551", "5551"),  # a chat's sender, not an IP address
    ],
)
def test_a_client_is_counted_by_its_ipv6_64(client: str, counted_as: str) -> None:
    assert client_subject(client) == counted_as
