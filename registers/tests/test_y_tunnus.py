"""The business ID (Y-tunnus) validator: the seed IDs pass, wrong check digits and bad formats fail."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from registers.validators import business_id_check_digit, normalise_business_id, validate_business_id
from testkit import make_controller

SEED_IDS = ["2080120-0", "2272762-2", "3125932-2", "2629593-5"]


@pytest.mark.parametrize("business_id", SEED_IDS)
def test_every_seed_business_id_passes(business_id):
    validate_business_id(business_id)


@pytest.mark.parametrize("business_id", SEED_IDS)
def test_each_other_check_digit_fails_for_a_seed_id(business_id):
    body, digit = business_id.split("-")
    for wrong in set("0123456789") - {digit}:
        with pytest.raises(ValidationError) as excinfo:
            validate_business_id(f"{body}-{wrong}")
        assert excinfo.value.code == "business_id_check_digit"
        assert f"{body}-{wrong}" in excinfo.value.messages[0]


def test_the_check_digit_follows_the_tax_administrations_weights():
    # 2080120: 2*7 + 0*9 + 8*10 + 0*5 + 1*8 + 2*4 + 0*2 = 110, and 110 mod 11 = 0, so the check digit is 0.
    assert business_id_check_digit("2080120") == 0
    # 2272762: 14 + 18 + 70 + 10 + 56 + 24 + 4 = 196, and 196 mod 11 = 9, so the check digit is 11 - 9 = 2.
    assert business_id_check_digit("2272762") == 2
    for business_id in SEED_IDS:
        body, digit = business_id.split("-")
        total = sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2), strict=True))
        remainder = total % 11
        assert remainder != 1
        assert business_id_check_digit(body) == (0 if remainder == 0 else 11 - remainder) == int(digit)


def test_a_body_whose_remainder_is_one_is_never_valid():
    body = next(f"{n:07d}" for n in range(1000000, 1100000) if business_id_check_digit(f"{n:07d}") is None)
    for digit in "0123456789":
        with pytest.raises(ValidationError):
            validate_business_id(f"{body}-{digit}")


@pytest.mark.parametrize(
    "value",
    ["", "2080120", "20801200", "2080120-", "2080120-00", "208012-", "2O8O12O-0", "2080120_0", "12345678-9", "abc"],
)
def test_a_malformed_business_id_fails_with_a_format_message(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_business_id(value)
    assert excinfo.value.code == "business_id_format"
    assert "1234567-1" in excinfo.value.messages[0]


def test_spaces_are_ignored_and_an_old_six_digit_id_gets_its_leading_zero():
    assert normalise_business_id(" 2080120-0 ") == "2080120-0"
    assert normalise_business_id("737546-2") == "0737546-2"
    validate_business_id("737546-2")


@pytest.mark.django_db
def test_a_controller_with_a_wrong_check_digit_is_rejected_by_full_clean():
    controller = make_controller()
    controller.business_id = "2080120-1"
    with pytest.raises(ValidationError) as excinfo:
        controller.full_clean()
    assert "business_id" in excinfo.value.message_dict
