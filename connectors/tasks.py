import logging

from celery import shared_task

from .models import Connector
from .services import connector_run

logger = logging.getLogger(__name__)


@shared_task(name="connectors.tasks.run_connectors")
def run_connectors() -> dict:
    """The beat's job: every enabled connector, and any a person asked to run, one after another."""
    from django.db.models import Q

    results = {}
    for connector in Connector.objects.filter(Q(enabled=True) | Q(run_requested_at__isnull=False)).select_related(
        "register"
    ):
        result = connector_run(connector)
        results[connector.pk] = {"taken": result.taken, "refused": result.refused, "skipped": result.skipped}
    return results


@shared_task(name="connectors.tasks.run_connector")
def run_connector(connector_id: int) -> dict:
    """ "Run now" from the connector's page."""
    connector = Connector.objects.select_related("register").filter(pk=connector_id).first()
    if connector is None:
        return {}
    result = connector_run(connector)
    return {"taken": result.taken, "refused": result.refused, "skipped": result.skipped, "error": result.error}


def run_connector_soon(connector_id: int) -> None:
    """Queue a run for a worker; with the broker down, the request waits for the next beat run."""
    try:
        run_connector.delay(connector_id)
    except Exception as exc:  # noqa: BLE001 - any broker failure leaves the request for the beat
        logger.warning("broker unavailable, connector %s runs with the next beat: %s", connector_id, type(exc).__name__)
