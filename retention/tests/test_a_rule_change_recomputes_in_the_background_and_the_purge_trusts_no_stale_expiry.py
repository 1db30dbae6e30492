"""A rule change answers at once; a background job recomputes the expiries, and the purge trusts no stale one.

For a register of millions of calls the recompute takes minutes, which a web
request cannot hold. The change commits the rule with a new version and a job;
the retention page shows the job's progress; its end is audited. Each
recording notes the rule version its expiry was computed under, and the purge
acts only on the current version's: a lengthened rule's calls are not deleted
under the old, shorter expiry, and a shortened rule deletes nothing before the
new expiry is written. A call uploaded under the old rule while the change
commits gets the new rule's expiry.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from audit.models import AuditEvent
from recordings.models import Recording
from recordings.services import CallMetadata, recording_ingest
from registers.expiry import expires_at_for
from registers.models import Register
from retention.models import RuleRecompute
from retention.purge import purge_expired_recordings
from retention.rule_changes import register_retention_rule_change
from retention.rule_recompute import _recompute_batch, rule_recompute_run, rule_recomputes_resume
from testkit import write_pcm_wav


def _change(personas, *, value: int, unit: str = "days"):
    return register_retention_rule_change(
        actor=personas.dpo, register=personas.register, value=value, unit=unit, trigger="call_end"
    )


def test_the_change_answers_before_the_recompute_and_the_page_shows_its_progress(personas, stored, client):
    calls = [stored(expired=False, ended_at=timezone.now() - timedelta(days=d)) for d in (1, 20, 70)]
    before = {c.pk: c.expires_at for c in calls}
    job = _change(personas, value=61)
    assert job.finished_at is None and personas.register.retention_rule_version == 2
    assert {c.pk: c.expires_at for c in Recording.objects.filter(pk__in=before)} == before  # not yet
    client.force_login(personas.dpo)
    page = client.get(f"/registers/{personas.register.slug}/retention/")
    assert b"<progress" in page.content and b"js/recompute_progress.js" in page.content
    progress = client.get(f"/registers/{personas.register.slug}/retention/recompute/").json()
    assert progress["finished"] is False

    rule_recompute_run(job.pk)
    job.refresh_from_db()
    assert job.finished_at is not None and (job.total, job.done, job.changed) == (3, 3, 3)
    for call in Recording.objects.filter(pk__in=before):
        assert call.expires_at == expires_at_for(personas.register, ended_at=call.ended_at)
        assert call.expiry_rule_version == 2
    assert b"<progress" not in client.get(f"/registers/{personas.register.slug}/retention/").content
    assert client.get(f"/registers/{personas.register.slug}/retention/recompute/").json() == {"finished": True}
    done = AuditEvent.objects.get(action="retention_rule_change", details__step="recomputed")
    assert (done.details["recomputed"], done.details["changed"], done.details["rule_version"]) == (3, 3, 2)


def test_the_confirmed_change_queues_the_job_a_worker_runs_after_the_commit(
    personas, stored, client, eager_worker, django_capture_on_commit_callbacks
):
    call = stored(expired=False, ended_at=timezone.now() - timedelta(days=100))
    client.force_login(personas.dpo)
    form = {"value": 61, "unit": "days", "trigger": "call_end", "event": "", "confirm": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/registers/{personas.register.slug}/retention/rule/", form)
    assert answer.status_code == 302
    call.refresh_from_db()
    assert call.expiry_rule_version == 2 and call.expires_at < timezone.now()
    assert RuleRecompute.objects.get(register=personas.register).finished_at is not None


def test_a_lengthened_rule_does_not_let_the_purge_act_on_the_old_shorter_expiry(personas, stored):
    # Past its date under twelve months; twenty-four keep it for another eleven.
    call = stored(expired=False, ended_at=timezone.now() - timedelta(days=400))
    Recording.objects.filter(pk=call.pk).update(expires_at=timezone.now() - timedelta(days=35))
    job = _change(personas, value=24, unit="months")
    assert purge_expired_recordings().deleted == 0
    assert Recording.objects.filter(pk=call.pk, wrapped_key__isnull=False).exists()
    rule_recompute_run(job.pk)
    assert purge_expired_recordings().deleted == 0
    call.refresh_from_db()
    assert call.expires_at > timezone.now()


def test_a_shortened_rule_deletes_only_once_the_new_expiry_is_written(personas, stored):
    call = stored(expired=False, ended_at=timezone.now() - timedelta(days=100))
    job = _change(personas, value=61)
    assert purge_expired_recordings().deleted == 0
    rule_recompute_run(job.pk)
    assert purge_expired_recordings().deleted == 1
    assert not Recording.objects.filter(pk=call.pk).exists()


def test_an_upload_that_read_the_old_rule_is_stored_under_the_new_one(personas, tmp_path):
    ended = timezone.now() - timedelta(days=100)
    read_before_the_change = Register.objects.get(pk=personas.register.pk)
    _change(personas, value=120)
    audio = tmp_path / "call.wav"
    write_pcm_wav(audio, seconds=1.0)
    metadata = CallMetadata(
        external_id="during-the-change",
        started_at=ended - timedelta(seconds=1),
        ended_at=ended,
        direction="inbound",
        caller="+358401234567",
        callee="+358103808000",
        service_number="",
        agent="",
    )
    recording, created = recording_ingest(register=read_before_the_change, audio_path=audio, metadata=metadata)
    assert created
    recording.refresh_from_db()
    personas.register.refresh_from_db()
    assert recording.expiry_rule_version == personas.register.retention_rule_version == 2
    assert recording.expires_at == expires_at_for(personas.register, ended_at=ended)


def test_a_killed_job_is_finished_by_the_sweep_without_counting_twice(personas, stored):
    for days in (1, 2, 3, 4, 5):
        stored(expired=False, ended_at=timezone.now() - timedelta(days=days))
    job = _change(personas, value=61)
    job.total = 5
    job.save(update_fields=["total"])
    last, written, _changed = _recompute_batch(personas.register, version=2, after=0, limit=2)  # then killed
    RuleRecompute.objects.filter(pk=job.pk).update(done=written)
    assert rule_recomputes_resume() == 1
    job.refresh_from_db()
    assert job.finished_at is not None and job.done == 5
    assert not Recording.objects.filter(register=personas.register, expiry_rule_version__lt=2).exists()


def test_a_later_change_supersedes_a_job_still_waiting(personas, stored):
    stored(expired=False, ended_at=timezone.now() - timedelta(days=10))
    first = _change(personas, value=61)
    second = _change(personas, value=90)
    first = rule_recompute_run(first.pk)
    second = rule_recompute_run(second.pk)
    assert first.superseded and not second.superseded and second.done == 1
    call = Recording.objects.get(register=personas.register)
    assert call.expiry_rule_version == 3
    assert call.expires_at == expires_at_for(personas.register, ended_at=call.ended_at)


def test_a_batch_the_purge_chose_before_the_change_keeps_what_the_change_made_stale(personas, stored):
    from django.db import transaction

    from retention.purge import _destroy_keys

    call = stored(expired=True)  # past its date under the rule it was computed under
    _change(personas, value=24, unit="months")  # committed between the batch's choice and its delete
    with transaction.atomic():
        assert _destroy_keys([call.pk], reason="retention") == []
    assert Recording.objects.filter(pk=call.pk, wrapped_key__isnull=False).exists()
