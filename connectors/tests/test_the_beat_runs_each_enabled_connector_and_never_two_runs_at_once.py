"""The beat job runs every enabled connector (and a paused one someone asked to run now); a run of a connector
already under way in another process makes a second one a no-op."""

from __future__ import annotations

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from connectors.models import Connector
from connectors.services import LOCK_CLASS, connector_run
from connectors.tasks import run_connectors
from recordings.models import Recording
from testkit import database_url

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_beat_schedule_runs_the_connectors():
    entry = settings.CELERY_BEAT_SCHEDULE["run-connectors"]
    assert entry["task"] == "connectors.tasks.run_connectors"


def test_enabled_connectors_and_requested_runs_are_run(personas, pbx, freepbx_connector):
    pbx.call()
    paused = Connector.objects.create(
        register=personas.register, name="Paused", kind="folder", path=freepbx_connector.path, enabled=False
    )
    results = run_connectors()
    assert results == {freepbx_connector.pk: {"taken": 1, "refused": 0, "skipped": False}}
    Connector.objects.filter(pk=paused.pk).update(run_requested_at=timezone.now())
    assert paused.pk in run_connectors()


def test_a_second_run_while_one_is_under_way_takes_nothing(personas, pbx, freepbx_connector):
    pbx.call()
    with psycopg.connect(database_url(connection.settings_dict)) as other:
        other.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_CLASS, freepbx_connector.pk])
        assert connector_run(freepbx_connector).skipped
        assert not Recording.objects.exists()
    assert connector_run(freepbx_connector).taken == 1
