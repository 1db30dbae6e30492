"""Letters are always downloadable: plain text for email archives, a printable page for post."""

from __future__ import annotations

from subject_requests.models import LetterKind

from .conftest import SUBJECT_NAME


def test_a_letter_downloads_as_text_and_prints_with_the_address(personas, new_request, client):
    subject_request = new_request(subject_postal_address="Esimerkkikatu 1 A 2\n00100 Helsinki")
    letter = subject_request.letters.get(kind=LetterKind.ACKNOWLEDGEMENT)
    client.force_login(personas.dpo)
    text = client.get(f"/requests/{subject_request.number}/letters/{letter.pk}.txt")
    assert text["Content-Type"].startswith("text/plain") and "attachment" in text["Content-Disposition"]
    assert text.content.decode() == letter.body
    page = client.get(f"/requests/{subject_request.number}/letters/{letter.pk}/").content.decode()
    assert "Esimerkkikatu 1 A 2" in page and SUBJECT_NAME in page and letter.subject_line in page


def test_letters_are_written_in_the_requests_language(new_request):
    finnish = new_request(language="fi").letters.get()
    english = new_request(language="en").letters.get()
    assert finnish.body.startswith("Hyvä ") and "Vastaamme pyyntöösi viimeistään" in finnish.body
    assert english.body.startswith("Dear ") and "We will answer by" in english.body


def test_a_letter_can_be_emailed_again(personas, new_request, client, mailoutbox):
    subject_request = new_request()
    letter = subject_request.letters.get()
    mailoutbox.clear()
    client.force_login(personas.dpo)
    client.post(f"/requests/{subject_request.number}/letters/{letter.pk}/resend/")
    assert len(mailoutbox) == 1 and mailoutbox[0].body == letter.body
