"""Every page of the app, per role, with the data each needs: shared by the accessibility and reflow tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from recordings.models import SavedSearch
from retention import services as retention_services
from subject_requests import services
from subject_requests.models import ExportPackage
from subject_requests.tests.conftest import LINK_BASE

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    personas: object
    call: object
    agent_call: object
    request: object
    live_token: str
    expired_token: str
    withdrawn_token: str
    letter_path: str
    hold: object
    proposal_path: str
    connector: object


@pytest.fixture
def world(personas, searched_request, subject_calls, make_recording):
    hold = retention_services.hold_place(
        actor=personas.dpo,
        recordings=[subject_calls["someone_else"]],
        kind="complaint",
        reason="Reklamaatio vireillä",
        review_on=date.today() + timedelta(days=30),
        reference="R-1",
    )

    def package_link(**overrides):
        package, token = services.export_package_create(
            subject_request=searched_request(**overrides), actor=personas.dpo, link_base=LINK_BASE
        )
        return package, token

    live, live_token = package_link()
    expired, expired_token = package_link()
    ExportPackage.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    withdrawn, withdrawn_token = package_link(language="en")
    services.export_package_revoke(package=withdrawn, actor=personas.dpo)
    letter = live.request.letters.order_by("-pk").first()
    # The supervisor's call list shows a saved search.
    SavedSearch.objects.create(
        user=personas.supervisor, register=personas.register, name="Saapuvat", filters={"direction": "inbound"}
    )
    from subject_requests.models import ErasureProposal

    proposed = searched_request(rights=["erasure"])
    proposal = ErasureProposal.objects.create(
        request=proposed,
        erase=list(proposed.matches.values_list("pk", flat=True)),
        proposed_by=personas.dpo,
    )
    proposal.registers.set([personas.register])
    # A rule change another DPO of the register proposed: the retention page offers to approve it.
    from retention.rule_proposals import rule_proposal_create
    from testkit import grant, make_user

    second_dpo = make_user("dpo2-a", is_staff=True)
    grant(second_dpo, personas.register, "dpo")
    rule_proposal_create(actor=second_dpo, register=personas.register, value=30, unit="days", trigger="call_end")
    # A rule change's recompute under way: the retention page shows its progress bar.
    from retention.models import RuleRecompute

    RuleRecompute.objects.create(
        register=personas.register, rule_version=personas.register.retention_rule_version, total=10, done=4
    )
    # A connector with a refused file: its page lists the refusal and its reason.
    from connectors.models import Connector, FileState

    connector = Connector.objects.create(register=personas.register, name="Vaihde", kind="freepbx", path="/srv/pbx")
    connector.files.create(name="2026/12/01/in-x.wav", state=FileState.QUARANTINED, reason="audio: the file is empty")
    # A group mapped to a role: the sign-in page lists it with its Remove button.
    from accounts.models import GroupRoleMapping

    GroupRoleMapping.objects.create(register=personas.register, group="callcentre-supervisors", role="supervisor")
    # An ingest token: its page lists it with its Revoke button.
    from recordings.models import IngestToken

    IngestToken.issue(personas.register, name="Vaihteen tallennin")
    return World(
        connector=connector,
        personas=personas,
        call=subject_calls["as_caller"],
        agent_call=make_recording(personas.register, seconds=3.0, agent="agent-ext"),
        request=searched_request(rights=["access", "erasure"]),
        live_token=live_token,
        expired_token=expired_token,
        withdrawn_token=withdrawn_token,
        letter_path=f"/requests/{live.request.number}/letters/{letter.pk}/",
        hold=hold,
        proposal_path=f"/requests/{proposed.number}/erasure/proposals/{proposal.pk}/approve/",
    )


def listen(page):
    page.click("#listen")
    page.wait_for_selector("#player-area:not([hidden])")


def erasure_confirmation(page):
    page.click("#erasure-page")
    page.wait_for_selector("#erasure-form")
    for radio in page.locator("#erasure-form input[type=radio][value=erase]").all():
        radio.check()
    page.click("#review-erasure")
    page.wait_for_selector("#erasure-confirm-form")


def package_confirmation(page):
    page.click("#create-package")
    page.wait_for_selector("#confirm-package")


def filtered(page):
    page.select_option("#id_direction", "inbound")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/recordings/?f=*")


def invalid_filter(page):
    page.fill("#id_number", "040 1*2")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("form.filters .error")
    assert page.locator("[aria-invalid=true]").count() == 1


def duration_range_error(page):
    page.fill("#id_min_duration", "60")
    page.fill("#id_max_duration", "30")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("#id_max_duration_error")


def token_revoke_confirmation(page):
    page.fill("#id_name", "Pilvivaihde")
    page.click("#create-token")
    page.click("tr[data-token] .revoke")
    page.wait_for_selector("#confirm-revoke")


def connector_invalid(page):
    page.fill("#id_name", "Vaihde")
    page.fill("#id_path", "/etc")
    page.click("#save-connector")
    page.wait_for_selector(".error")


def calls_ticked(page):
    page.check("#select-all")
    page.wait_for_selector("#selected-count:not(:empty)")


def notice_typed(page):
    """A change typed into the notice editor, with the live preview showing it."""
    page.fill("#id_purpose", "Puhelut tallennetaan laadun varmistamiseksi.")
    page.wait_for_selector("#notice-preview[data-version]")


def notice_invalid(page):
    page.fill("#id_purpose", "")
    page.click("#save-notice")
    page.wait_for_selector("#form-errors")


def pages_for(role: str, w: World) -> list[tuple[str, str, object]]:
    """(name, path, an action to take there before the check) for each page the role sees."""
    slug = w.personas.register.slug
    call = f"/recordings/{(w.agent_call if role == 'agent' else w.call).public_id}/"
    req = f"/requests/{w.request.number}/"
    common = [("home", "/", None), ("missing-page", "/no/such/page/", None)]
    if role == "anonymous":
        return [
            ("login", "/accounts/login/", None),
            ("privacy-notice", f"/privacy/{slug}/", None),
            ("download-valid", f"/exports/{w.live_token}/", None),
            ("download-expired", f"/exports/{w.expired_token}/", None),
            ("download-withdrawn", f"/exports/{w.withdrawn_token}/", None),
            ("missing-page", "/no/such/page/", None),
        ]
    if role in ("supervisor", "agent"):
        return (
            common
            + [
                ("call-list", f"/registers/{slug}/recordings/", filtered),
                ("call-list-invalid-filter", f"/registers/{slug}/recordings/", invalid_filter),
                ("call-list-duration-error", f"/registers/{slug}/recordings/", duration_range_error),
                ("call-detail", call, None),
                ("call-player", call, listen),
            ]
            + (
                [
                    ("retention-and-holds", f"/registers/{slug}/retention/", None),
                    ("hold", f"/holds/{w.hold.pk}/", None),
                ]
                if role == "supervisor"
                else []
            )
        )
    if role == "dpo":
        return common + [
            ("requests", "/requests/", None),
            ("requests-closed-search", "/requests/?number=SR&start=2026-01-01", None),
            ("request-deadlines", "/requests/deadlines/", None),
            ("erasure-approve", w.proposal_path, None),
            ("letter-templates", "/requests/letter-templates/", None),
            (
                "letter-template",
                f"/requests/letter-templates/{w.personas.register.controller_id}/acknowledgement/fi/",
                None,
            ),
            ("request-new", "/requests/new/", None),
            ("request-detail", req, None),
            ("package-confirm", req, package_confirmation),
            ("erasure-confirm", req, erasure_confirmation),
            ("letter", w.letter_path, None),
            ("audit-log", "/audit/", None),
            ("register-audit-log", f"/registers/{slug}/audit/", None),
            ("accountability", "/accountability/", None),
            ("accountability-report", f"/registers/{slug}/accountability/", None),
            ("retention-and-holds", f"/registers/{slug}/retention/", None),
            ("retention-rule", f"/registers/{slug}/retention/rule/", None),
            ("hold", f"/holds/{w.hold.pk}/", None),
            ("call-list-ticked", f"/registers/{slug}/recordings/", calls_ticked),
            ("privacy-notice", f"/privacy/{slug}/", None),
            ("notice-editor", f"/registers/{slug}/notice/", notice_typed),
            ("register-settings", f"/registers/{slug}/settings/", None),
            ("notice-editor-invalid", f"/registers/{slug}/notice/", notice_invalid),
            ("sign-in-and-groups", f"/controllers/{w.personas.register.controller_id}/sign-in/", None),
        ]
    if role == "it_admin":
        return common + [
            ("ingest-tokens", f"/registers/{slug}/tokens/", None),
            ("ingest-token-revoke", f"/registers/{slug}/tokens/", token_revoke_confirmation),
            ("sign-in-and-groups", f"/controllers/{w.personas.register.controller_id}/sign-in/", None),
            ("connectors", f"/registers/{slug}/connectors/", None),
            ("connector", f"/registers/{slug}/connectors/{w.connector.pk}/", None),
            ("connector-new", f"/registers/{slug}/connectors/new/", None),
            ("connector-invalid", f"/registers/{slug}/connectors/new/", connector_invalid),
        ]
    if role == "auditor":
        return common + [("audit-log", "/audit/", None), ("accountability", "/accountability/", None)]
    raise AssertionError(role)


ROLES = ["anonymous", "supervisor", "agent", "dpo", "it_admin", "auditor"]


def open_as(browser, live_server, role: str, language: str, personas, viewport: dict | None = None):
    """One browser context for the role (logged in unless anonymous), speaking `language`; returns (context, page)."""
    prefix = "" if language == "fi" else "/en"
    context = browser.new_context(locale=f"{language}-FI", viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    if role != "anonymous":
        page.goto(f"{live_server.url}{prefix}/accounts/login/")
        page.fill("#id_username", getattr(personas, role).username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, "login failed"
    return context, page


def visit(page, live_server, language: str, name: str, path: str, action) -> None:
    """Open the page as its role sees it (taking the action that reaches it) and check it answered as expected."""
    prefix = "" if language == "fi" else "/en"
    response = page.goto(f"{live_server.url}{prefix}{path}")
    expected = 404 if name == "missing-page" else 200
    assert response.status == expected, f"{name}: {path} answered {response.status}"
    if action:
        action(page)
