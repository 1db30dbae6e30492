import pytest

from registers.validators import PhoneNumberError, format_phone_number, normalise_phone_number


@pytest.mark.parametrize(
    "typed, e164",
    [
        ("040 123 4567", "+358401234567"),
        ("+358 40 123 4567", "+358401234567"),
        ("00358401234567", "+358401234567"),
        ("(09) 123 4567", "+35891234567"),
        ("010 380 8000", "+358103808000"),
        ("+46 8 123 456 78", "+46812345678"),
    ],
)
def test_numbers_typed_any_way_normalise_to_e164(typed, e164):
    assert normalise_phone_number(typed) == e164


@pytest.mark.parametrize("typed", ["", "abc", "12", "+358 40 123 4567 8901 2345", "040-ABC-DEFG"])
def test_numbers_that_do_not_parse_are_refused_with_a_reason(typed):
    with pytest.raises(PhoneNumberError):
        normalise_phone_number(typed)


def test_finnish_numbers_are_shown_in_national_form():
    assert format_phone_number("+358401234567") == "040 1234567"
