"""Validators for Finnish identifiers and telephone numbers."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BUSINESS_ID_RE = re.compile(r"^(\d{6,7})-(\d)$")
BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def business_id_check_digit(body: str) -> int | None:
    """Return the Y-tunnus check digit for a seven-digit body, or None.

    The Finnish Tax Administration's rule: weights 7, 9, 10, 5, 8, 4, 2, sum
    modulo 11; remainder 0 gives 0, remainder 1 is never issued, otherwise 11 - r.
    """
    total = sum(int(d) * w for d, w in zip(body, BUSINESS_ID_WEIGHTS, strict=True))
    remainder = total % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def normalise_business_id(value: str) -> str:
    """Strip spaces; old six-digit IDs get a leading zero."""
    value = (value or "").strip().replace(" ", "")
    match = BUSINESS_ID_RE.match(value)
    if match and len(match.group(1)) == 6:
        value = "0" + value
    return value


def validate_business_id(value: str) -> None:
    normalised = normalise_business_id(value)
    match = BUSINESS_ID_RE.match(normalised)
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a business ID: the form is seven digits, a hyphen and a check digit (1234567-1)."),
            code="business_id_format",
            params={"value": value},
        )
    expected = business_id_check_digit(match.group(1))
    if expected is None or expected != int(match.group(2)):
        raise ValidationError(
            _("“%(value)s” is not a valid business ID: the check digit is wrong."),
            code="business_id_check_digit",
            params={"value": value},
        )


class PhoneNumberError(ValueError):
    """A number a person typed that does not parse as a telephone number.

    str() is the English reason, for API replies and logs; `user_message` is
    the same reason in the language of the page, for forms.
    """

    def __init__(self, reason: str, code: str):
        super().__init__(reason)
        self.code = code

    @property
    def user_message(self) -> str:
        return str(PHONE_NUMBER_MESSAGES.get(self.code, _("Not a telephone number.")))


PHONE_NUMBER_MESSAGES = {
    "empty": _("Give a telephone number."),
    "too_long": _("The telephone number is too long."),
    "letters": _("A telephone number cannot contain letters."),
    "unparsable": _("Not a telephone number."),
    "impossible": _("Not a possible telephone number: the number of digits is wrong."),
}


def normalise_phone_number(value: str, region: str = "FI") -> str:
    """Return the E.164 form of a number typed in any common format.

    Finnish numbers may be typed nationally ("040 123 4567", "010 380 8000");
    other countries need their +code. Raises PhoneNumberError with the reason.
    """
    raw = (value or "").strip()
    if not raw:
        raise PhoneNumberError("empty telephone number", "empty")
    if len(raw) > 40:
        raise PhoneNumberError("telephone number is too long", "too_long")
    if any(ch.isalpha() for ch in raw):
        # phonenumbers would read letters as a keypad vanity number; nobody types those here.
        raise PhoneNumberError("letters are not allowed in a telephone number", "letters")
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneNumberError(f"not a telephone number ({exc._msg.rstrip('.')})", "unparsable") from None
    if not phonenumbers.is_possible_number(parsed):
        raise PhoneNumberError("not a possible telephone number (wrong length)", "impossible")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


# What people put between the digits of a number: spaces, dashes, dots, slashes, brackets.
NUMBER_SEPARATORS = frozenset(" -./()")
FINLAND_CALLING_CODE = "358"


def phone_number_prefix(value: str) -> str:
    """Return the E.164 beginning of the beginning of a number, typed the Finnish ways.

    "044 095", "044-095", "+358 44 095" and "00358 44 095" all give "+35844095":
    a leading 0 is the Finnish trunk prefix, 00 the international call prefix,
    the same as +. Stored numbers are E.164, so the result is what their
    beginnings look like. Raises PhoneNumberError with the reason.
    """
    raw = (value or "").strip()
    if not raw:
        raise PhoneNumberError("empty telephone number", "empty")
    if len(raw) > 40:
        raise PhoneNumberError("telephone number is too long", "too_long")
    if any(ch.isalpha() for ch in raw):
        raise PhoneNumberError("letters are not allowed in a telephone number", "letters")
    # "+358 (0)40 …": the trunk 0 some write after the country code; "(09) 123 4567": an area code in brackets.
    body = raw.replace("(0)", "").lstrip("(")
    if body.startswith("+"):
        international, body = True, body[1:]
    elif body.startswith("00"):
        international, body = True, body[2:]
    elif body.startswith("0"):
        international, body = False, body[1:]
    else:
        raise PhoneNumberError("not a telephone number (no leading 0, 00 or +)", "unparsable")
    if any(not ch.isdigit() and ch not in NUMBER_SEPARATORS for ch in body):
        raise PhoneNumberError("not a telephone number (a character other than digits and separators)", "unparsable")
    digits = "".join(ch for ch in body if ch.isdigit())
    if not international:
        digits = FINLAND_CALLING_CODE + digits
    elif digits.startswith(FINLAND_CALLING_CODE + "0"):
        digits = FINLAND_CALLING_CODE + digits[len(FINLAND_CALLING_CODE) + 1 :]
    return "+" + digits


def validate_phone_number(value: str) -> None:
    try:
        normalise_phone_number(value)
    except PhoneNumberError as exc:
        raise ValidationError(
            _("“%(value)s”: %(reason)s"), code="phone_number", params={"value": value, "reason": exc.user_message}
        ) from None


def format_phone_number(e164: str) -> str:
    """Human form: national for Finnish numbers, international otherwise."""
    try:
        parsed = phonenumbers.parse(e164, "FI")
    except phonenumbers.NumberParseException:
        return e164
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if parsed.country_code == 358
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, fmt)
