"""Thai national ID: check digit, grouping, masking (FACTS.md)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bkkdesk.core.nationalid import check_digit, format_id, is_valid, mask, normalize

WEIGHTS = range(13, 1, -1)  # 13 down to 2


def oracle(digits: str) -> bool:
    """Independent statement of the rule in FACTS.md."""
    s = sum(int(d) * w for d, w in zip(digits[:12], WEIGHTS, strict=True))
    return (11 - s % 11) % 10 == int(digits[12])


@pytest.mark.parametrize("text", ["1101700123456", "3100600445635"])
def test_valid_ids(text: str) -> None:
    assert is_valid(text)
    assert oracle(text)


def test_worked_example_from_facts() -> None:
    assert sum(int(d) * w for d, w in zip("110170012345", WEIGHTS, strict=True)) == 148
    assert check_digit("110170012345") == 6


@pytest.mark.parametrize(
    "text",
    [
        "1101700123454",  # wrong check digit
        "0000000000000",  # all zeros
        "110170012345",  # 12 digits
        "11017001234567",  # 14 digits
        "110170012345a",
        "",
        "1101700123456.0",
        "١١٠١٧٠٠١٢٣٤٥٦",  # Arabic-Indic digits are not accepted
        "１１０１７００１２３４５６",  # full-width digits neither
    ],
)
def test_invalid_ids(text: str) -> None:
    assert not is_valid(text)


def test_leading_zero_is_accepted_when_the_check_digit_is_right() -> None:
    first12 = "012345678901"
    text = first12 + str(check_digit(first12))
    assert is_valid(text)
    assert not is_valid(first12 + str((check_digit(first12) + 1) % 10))


def test_spaces_dashes_and_thai_digits() -> None:
    assert is_valid("1-1017-00123-45-6")
    assert is_valid(" 1 1017 00123 45 6 ")
    assert is_valid("๑๑๐๑๗๐๐๑๒๓๔๕๖")
    assert is_valid("๑-๑๐๑๗-๐๐๑๒๓-๔๕-๖")
    assert normalize("๑-๑๐๑๗ ๐๐๑๒๓-๔๕-๖") == "1101700123456"


def test_format() -> None:
    assert format_id("1101700123456") == "1-1017-00123-45-6"
    assert format_id("๓๑๐๐๖๐๐๔๔๕๖๓๕") == "3-1006-00445-63-5"
    assert format_id("1-1017-00123-45-6") == "1-1017-00123-45-6"
    # Partial input (while typing) is grouped as far as it goes.
    assert format_id("1") == "1"
    assert format_id("11017") == "1-1017"
    assert format_id("110170012") == "1-1017-0012"
    assert format_id("") == ""


def test_mask() -> None:
    assert mask("1101700123456") == "1-xxxx-xxxxx-xx-6"
    assert mask("3100600445635") == "3-xxxx-xxxxx-xx-5"
    assert mask("๑๑๐๑๗๐๐๑๒๓๔๕๖") == "1-xxxx-xxxxx-xx-6"
    # Anything but 13 digits is masked entirely: nothing of it leaks.
    assert mask("1101") == "xxxx"
    assert "1101700" not in mask("110170012345")


first_twelve = st.text(alphabet="0123456789", min_size=12, max_size=12)


@given(first_twelve)
def test_computed_check_digit_always_validates(first12: str) -> None:
    text = first12 + str(check_digit(first12))  # never all zeros: 0×12 has check digit 1
    assert is_valid(text)
    assert oracle(text)
    assert is_valid(format_id(text))


@given(first_twelve, st.integers(0, 12), st.integers(1, 9))
def test_single_digit_change(first12: str, position: int, delta: int) -> None:
    """A single changed digit is refused — except where the official scheme cannot tell.

    The scheme has two blind spots (a property of the algorithm, not of the code):
    the third digit has weight 11 ≡ 0 (mod 11), so changing it never changes the check
    digit; and sums ≡ 0 and ≡ 10 (mod 11) both give check digit 1. Everything else is
    caught, in particular every change to the check digit itself.
    """
    valid = first12 + str(check_digit(first12))
    changed_digit = (int(valid[position]) + delta) % 10
    changed = valid[:position] + str(changed_digit) + valid[position + 1 :]
    assert changed != valid
    assert is_valid(changed) == (oracle(changed) and changed != "0" * 13)
    if position == 12:
        assert not is_valid(changed)
    elif position == 2:
        assert is_valid(changed) or changed == "0" * 13
    else:
        residue = sum(int(d) * w for d, w in zip(valid[:12], WEIGHTS, strict=True)) % 11
        new_residue = sum(int(d) * w for d, w in zip(changed[:12], WEIGHTS, strict=True)) % 11
        blind = {residue, new_residue} == {0, 10}
        assert is_valid(changed) == (blind and changed != "0" * 13)


def test_the_blind_spot_of_the_third_digit() -> None:
    # Documented so that nobody "fixes" it: real IDs follow the official scheme.
    assert is_valid("1101700123456")
    assert is_valid("1191700123456")
