"""Every URL that names an object answers 404 to users without a role in its register, whatever their role.

The sweep walks the project's URL patterns, fills each pattern's parameters
with real objects of register A (a register, a recording, a hold, a
retention task, a data-subject request with its matches, letters, package
and processor task), and requests them, by GET and POST, as a holder of
every role at Controller B, as a holder of every role in register A2 (another
register of the same controller) and as an anonymous visitor. The answer
must be 404 (or, for an anonymous visitor, a redirect to the login page);
never the object, and never a 403 that would reveal it exists. A new URL
whose parameter the sweep does not know fails the test, so nothing is left
out by accident.

A data-subject request is the controller's, so register A2's DPO sees the
request itself; of its recordings they see nothing of register A's, on any
page, and nothing they post changes them. The sweep also covers the audio
download, the Django admin and the ingest API.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from audit.models import AuditEvent
from registers.models import Register, Role
from retention.models import HoldKind
from retention.rule_proposals import rule_proposal_create
from retention.services import hold_place, retention_event_record
from testkit import grant, make_stored_recording, make_user

OTHER_PARTY = "+35898765432"  # the subject's call in register A was with this number
AGENT_NAME = "Aino Asiakaspalvelija"
# Request pages register A2's DPO may open: they name the controller's request, not register A's calls.
# A controller's letter templates are its DPOs' too, whichever of its registers they keep.
REQUEST_LEVEL_PARAMS = {"number", "letter_id", "appointment_id", "controller_id", "letter_kind", "letter_language"}

# The controller's own pages outside the request workflow, open to its registers' DPOs and IT admins alike: which
# identity-provider group grants which role (accounts.oidc.mapping). They hold group names, never a call.
CONTROLLER_LEVEL_VIEWS = {"sign_in_settings": {Role.DPO, Role.IT_ADMIN}}

# Patterns without object parameters, or public by design.
NOT_OBJECT_VIEWS = {
    "package_download",  # the subject's single-use link: a token, not an object id
    "package_file",  # the same link's file, for a short while after it was used: the token and a signed key
    "privacy_notice",  # public by law: every notice is published
}


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace
            inner_prefix = f"{prefix}{namespace}:" if namespace else prefix
            yield from _patterns(entry, inner_prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


@pytest.fixture
def controller_a_objects(personas):
    from registers.models import Processor
    from subject_requests import services as sr
    from subject_requests.models import VerificationMethod, VerificationOutcome

    register = personas.register
    register.retention_trigger, register.retention_value, register.retention_event = "event", None, "Tili poistetaan"
    register.download_roles = list(Role.values)
    register.save()
    Processor.objects.create(register=register, name="Ajas Oy", holds_register_data=True)
    recording = make_stored_recording(
        register,
        caller_number="+358401234567",
        callee_number=OTHER_PARTY,
        agent_name=AGENT_NAME,
        expires_at=None,
    )
    hold = hold_place(
        actor=personas.dpo,
        recordings=[recording],
        kind=HoldKind.COMPLAINT,
        reason="Reklamaatio",
        review_on=timezone.localdate() + timedelta(days=30),
    )
    task = retention_event_record(
        actor=personas.dpo, register=register, event_on=timezone.localdate(), reference="ASIAKAS-1"
    )
    rule_proposal = rule_proposal_create(
        actor=personas.dpo, register=register, value=30, unit="days", trigger="call_end"
    )
    request = sr.request_receive(
        actor=personas.dpo,
        controller=register.controller,
        rights=["access", "erasure"],
        received_on=date.today(),
        channel="email",
        language="fi",
        subject_name="Maija Meikäläinen",
        subject_email="maija@example.fi",
        phone_numbers=["040 123 4567"],
    )
    sr.request_verify_identity(
        subject_request=request,
        actor=personas.dpo,
        method=VerificationMethod.STRONG_ELECTRONIC,
        outcome=VerificationOutcome.VERIFIED,
        note="",
    )
    sr.request_search(subject_request=request, actor=personas.dpo)
    sr.matches_include_pending(subject_request=request, actor=personas.dpo)
    appointment = sr.appointment_schedule(
        subject_request=request,
        actor=personas.dpo,
        starts_at=timezone.now() + timedelta(days=2),
        place="Toimisto",
        attendees="Tietosuojavastaava",
    )
    sr.export_package_create(subject_request=request, actor=personas.dpo, link_base="http://testserver")
    request.refresh_from_db()
    match = request.matches.first()
    letter = request.letters.first()
    from subject_requests.models import ExportPackage, ProcessorTask

    package = ExportPackage.objects.filter(request=request).first()
    processor_task = ProcessorTask.objects.filter(request=request).first()
    from subject_requests.models import ErasureProposal

    proposal = ErasureProposal.objects.create(
        request=request, erase=[], refusals={str(match.pk): "Reklamaatio"}, proposed_by=personas.dpo
    )
    proposal.registers.set([register])
    first_pk = min(filter(None, [hold.pk, task.pk]))
    from recordings.tokens import ingest_token_create

    token, _raw = ingest_token_create(register=register, name="PBX")
    from connectors.models import Connector

    connector = Connector.objects.create(register=register, name="PBX", kind="folder", path="/srv/pbx")
    from recordings.models import SavedSearch

    saved_search = SavedSearch.objects.create(
        user=personas.supervisor, register=register, name="Reklamoija", filters={"number": "+358401234567"}
    )
    return {
        "slug": register.slug,
        "public_id": recording.public_id,
        "number": request.number,
        "match_id": match.pk,
        "letter_id": letter.pk,
        "package_id": package.pk,
        "task_id": processor_task.pk if processor_task else 1,
        "appointment_id": appointment.pk,
        "controller_id": register.controller_id,
        "letter_kind": "acknowledgement",
        "proposal_id": proposal.pk,
        "letter_language": "fi",
        "token_id": token.pk,
        "connector_id": connector.pk,
        "search_id": saved_search.public_id,
        "month": "2026-10",
        "output": "json",
        "pk": first_pk,
        "_pk_by_view": {
            "hold_release": hold.pk,
            "hold_detail": hold.pk,
            "retention_task_done": task.pk,
            "retention_rule_proposal_approve": rule_proposal.pk,
            "retention_rule_proposal_withdraw": rule_proposal.pk,
            "accountability_controller_report": register.controller_id,
            "accountability_controller_report_as": register.controller_id,
        },
        "_recording": recording,
        "_hold": hold,
        "_retention_task": task,
        "_rule_proposal": rule_proposal,
        "_connector": connector,
        "_request": request,
        "_package": package,
        "_processor_task": processor_task,
    }


def _assert_rule_and_task_untouched(objects) -> None:
    """No intruder approved, withdrew or completed register A's rule proposal or deletion task."""
    proposal, task = objects["_rule_proposal"], objects["_retention_task"]
    proposal.refresh_from_db()
    task.refresh_from_db()
    assert proposal.status == "pending" and proposal.decided_by_id is None
    assert Register.objects.get(pk=proposal.register_id).retention_trigger == "event"
    assert task.status == "open" and task.approved_by_id is None
    connector = objects["_connector"]
    connector.refresh_from_db()
    assert connector.run_requested_at is None and connector.name == "PBX"


def _intruders(personas):
    """One user per role at Controller B, plus B's supervisor-and-DPO."""
    users = [personas.outsider]
    for role in Role.values:
        user = make_user(f"b-{role}", is_staff=role == Role.DPO)
        grant(user, personas.other_register, role)
        users.append(user)
    return users


def test_every_object_url_is_a_404_for_other_controllers(personas, controller_a_objects, client):
    swept, checked = 0, 0
    intruders = _intruders(personas)
    for name, pattern in _patterns():
        params = list(pattern.pattern.regex.groupindex)
        if not params or name.split(":")[-1] in NOT_OBJECT_VIEWS or name.startswith(("admin:", "api_")):
            continue
        unknown = [p for p in params if p not in controller_a_objects]
        assert not unknown, f"the isolation sweep does not know how to fill {unknown} of {name}"
        kwargs = {p: controller_a_objects[p] for p in params}
        if "pk" in kwargs:
            kwargs["pk"] = controller_a_objects["_pk_by_view"].get(name, kwargs["pk"])
        url = reverse(name, kwargs=kwargs)
        swept += 1
        for user in intruders:
            client.force_login(user)
            statuses = set()
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                checked += 1
                statuses.add(response.status_code)
                assert response.status_code in (404, 405), (
                    f"{method.upper()} {name} as {user.username}: {response.status_code}"
                )
            # 405 depends on the method alone; the method the view serves must answer 404.
            assert 404 in statuses, f"{name} as {user.username}: {statuses}"
        client.logout()
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (302, 404, 405), f"anonymous {method.upper()} {name}"
            if response.status_code == 302:
                assert "/accounts/login/" in response.url
    assert swept >= 25, f"only {swept} object URLs swept"
    # The objects are all still there: nothing an intruder posted changed them.
    controller_a_objects["_recording"].refresh_from_db()
    assert controller_a_objects["_recording"].wrapped_key is not None
    _assert_rule_and_task_untouched(controller_a_objects)
    print(f"isolation sweep: {swept} URL patterns x {len(intruders)} users x 2 methods = {checked} requests")


def test_another_registers_ingest_token_learns_nothing(personas, controller_a_objects, client):
    """B's token on A's register gets exactly the answer a register that does not exist gets."""
    from recordings.models import IngestToken

    _token, raw = IngestToken.issue(personas.other_register, name="B's PBX")
    recording = controller_a_objects["_recording"]
    auth = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    for path in ("recordings/", f"recordings/{recording.external_id}/"):
        for method in ("get", "post"):
            real = getattr(client, method)(f"/api/v1/registers/{personas.register.slug}/{path}", **auth)
            bogus = getattr(client, method)(f"/api/v1/registers/no-such-register/{path}", **auth)
            assert real.status_code in (401, 404, 405)
            assert (real.status_code, real.content) == (bogus.status_code, bogus.content)


def _siblings(personas):
    """One user per role in register A2, Controller A's other register; A2's DPO is the persona."""
    users = [personas.sibling_dpo]
    for role in Role.values:
        if role == Role.DPO:
            continue
        user = make_user(f"a2-{role}")
        grant(user, personas.sibling_register, role)
        users.append(user)
    return users


def _leaks(body: bytes, objects) -> list[str]:
    """Register A's call data on a page: the other party's number (any format), the agent, the call's id."""
    text = body.decode(errors="replace")
    found = []
    if OTHER_PARTY.removeprefix("+358") in re.sub(r"\D", "", text):
        found.append("the other party's number")
    if AGENT_NAME in text:
        found.append("the agent's name")
    if str(objects["public_id"]) in text:
        found.append("the call's id")
    return found


def _object_urls(objects):
    for name, pattern in _patterns():
        params = list(pattern.pattern.regex.groupindex)
        if not params or name.split(":")[-1] in NOT_OBJECT_VIEWS or name.startswith(("admin:", "api_")):
            continue
        kwargs = {p: objects[p] for p in params}
        if "pk" in kwargs:
            kwargs["pk"] = objects["_pk_by_view"].get(name, kwargs["pk"])
        request_level = name.startswith("subject_requests:") and set(params) <= REQUEST_LEVEL_PARAMS
        yield name, reverse(name, kwargs=kwargs), request_level


def test_every_object_url_of_register_a_is_a_404_for_roles_in_the_controllers_other_register(
    personas, controller_a_objects, client
):
    """Same controller, other register: the sweep above, for users who share the controller."""
    from recordings.models import SavedSearch
    from subject_requests.models import MatchDecision, RecordingMatch

    objects = controller_a_objects
    decisions = dict(RecordingMatch.objects.values_list("pk", "decision"))
    swept = checked = 0
    siblings = _siblings(personas)
    for name, url, request_level in _object_urls(objects):
        swept += 1
        for user in siblings:
            client.force_login(user)
            is_dpo = user == personas.sibling_dpo
            if name in CONTROLLER_LEVEL_VIEWS:
                opens_to = CONTROLLER_LEVEL_VIEWS[name]
                if is_dpo or any(user.username == f"a2-{role}" for role in opens_to):
                    response = client.get(url)
                    checked += 1
                    assert response.status_code == 200, f"GET {name} as {user.username}: {response.status_code}"
                    assert _leaks(response.content, objects) == [], f"GET {name} shows register A's call"
                    continue
            statuses = set()
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                checked += 1
                statuses.add(response.status_code)
                if request_level and is_dpo:
                    assert response.status_code in (200, 302, 405), f"{method.upper()} {name}: {response.status_code}"
                    assert _leaks(response.content, objects) == [], f"{method.upper()} {name} shows register A's call"
                else:
                    assert response.status_code in (404, 405), (
                        f"{method.upper()} {name} as {user.username}: {response.status_code}"
                    )
            if not (request_level and is_dpo):
                assert 404 in statuses, f"{name} as {user.username}: {statuses}"
    # After every page, register A2's DPO has still not seen register A's call on the request page...
    client.force_login(personas.sibling_dpo)
    page = client.get(reverse("subject_requests:detail", args=[objects["number"]]))
    assert page.status_code == 200 and _leaks(page.content, objects) == []
    # ...and nothing they posted changed register A's call, its review, package, hold or tasks.
    recording = objects["_recording"]
    recording.refresh_from_db()
    assert recording.wrapped_key is not None and not recording.restricted
    assert recording.callee_number == OTHER_PARTY and recording.agent_name == AGENT_NAME
    assert dict(RecordingMatch.objects.values_list("pk", "decision")) == decisions
    assert set(decisions.values()) == {MatchDecision.INCLUDED}
    assert not RecordingMatch.objects.exclude(erasure_outcome="").exists()
    objects["_package"].refresh_from_db()
    assert objects["_package"].is_available
    objects["_hold"].refresh_from_db()
    assert objects["_hold"].released_at is None
    assert SavedSearch.objects.filter(public_id=objects["search_id"]).exists()
    objects["_processor_task"].refresh_from_db()
    assert objects["_processor_task"].is_open
    _assert_rule_and_task_untouched(objects)
    assert swept >= 25
    print(f"same-controller sweep: {swept} URL patterns, {checked} requests")


@pytest.mark.parametrize("range_header", [None, "bytes=0-", "bytes=1-"])
def test_no_one_without_a_role_in_register_a_downloads_its_call(personas, controller_a_objects, client, range_header):
    url = reverse("recording_audio", args=[controller_a_objects["public_id"]]) + "?download=1"
    headers = {"HTTP_RANGE": range_header} if range_header else {}
    for user in [*_siblings(personas), *_intruders(personas)]:
        client.force_login(user)
        assert client.get(url, **headers).status_code == 404, user.username
    assert not AuditEvent.objects.filter(action="download").exists()


def _admin_objects(personas, objects):
    """Register A's rows in every admin that has any, with the admin's model."""
    from registers.models import Membership

    return [
        personas.register,
        *Membership.objects.filter(register=personas.register),
        objects["_request"],
        objects["_processor_task"],
        AuditEvent.objects.filter(register_id=personas.register.pk).first(),
    ]


def test_the_admin_answers_register_a_objects_as_if_they_did_not_exist(personas, controller_a_objects, client):
    """For users of the same controller's other register and of another controller: the answer for a real row
    of register A is the answer for a row that does not exist, and no list names register A's people."""
    assert all(type(obj) in admin.site._registry for obj in _admin_objects(personas, controller_a_objects))
    users = [*_siblings(personas), *_intruders(personas)]
    checked = 0
    for obj in _admin_objects(personas, controller_a_objects):
        opts = obj._meta
        bogus = type(obj).objects.order_by("-pk").first().pk + 1000
        for view in ("change", "history", "delete"):
            name = f"admin:{opts.app_label}_{opts.model_name}_{view}"
            for user in users:
                client.force_login(user)
                for method in ("get", "post"):
                    real = getattr(client, method)(reverse(name, args=[obj.pk]))
                    absent = getattr(client, method)(reverse(name, args=[bogus]))
                    checked += 1
                    # A redirect to the login page names the URL asked for; that is all it may differ in.
                    real_to = real.get("Location", "").replace(f"/{obj.pk}/", "/ID/")
                    absent_to = absent.get("Location", "").replace(f"/{bogus}/", "/ID/")
                    assert (real.status_code, real_to) == (absent.status_code, absent_to), (
                        f"{method.upper()} {name} as {user.username}"
                    )
                    assert real.status_code != 200
    member_names = re.compile(r"\b(supervisor|agent|itadmin|dpo|auditor|colleague)-a(?![\w-])")
    for user in users:
        client.force_login(user)
        for model in admin.site._registry:
            opts = model._meta
            response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
            body = response.content.decode()
            assert not member_names.search(body), f"{opts.model_name} list as {user.username}"
            assert not re.search(r"register-a(?![\w-])", body), f"{opts.model_name} list as {user.username}"
    # The system administrator still reads them.
    client.force_login(personas.superuser)
    for obj in _admin_objects(personas, controller_a_objects):
        opts = obj._meta
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])).status_code == 200
    print(f"admin sweep: {checked} requests")


@pytest.mark.parametrize("token_register", ["other_register", "sibling_register"])
def test_an_ingest_token_of_another_register_learns_nothing(personas, controller_a_objects, client, token_register):
    """A token of register A2 (same controller) or B on register A: the answer a missing register gets."""
    from recordings.models import IngestToken, Recording

    _token, raw = IngestToken.issue(getattr(personas, token_register), name="PBX")
    recording = controller_a_objects["_recording"]
    auth = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    before = Recording.objects.count()
    for path in ("recordings/", f"recordings/{recording.external_id}/"):
        for method in ("get", "post"):
            real = getattr(client, method)(f"/api/v1/registers/{personas.register.slug}/{path}", **auth)
            bogus = getattr(client, method)(f"/api/v1/registers/no-such-register/{path}", **auth)
            assert real.status_code in (401, 404, 405)
            assert (real.status_code, real.content) == (bogus.status_code, bogus.content)
            assert OTHER_PARTY.encode() not in real.content
    assert Recording.objects.count() == before
