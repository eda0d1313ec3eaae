import pytest
from django.test import override_settings

from core.tasks import add
from tests.conftest import wait_for


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_a_real_worker_answers_a_task_through_redis(celery_worker):
    result = add.delay(2, 40)
    assert result.get(timeout=20) == 42


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_healthz_is_ok_with_database_redis_and_a_live_worker(client, celery_worker):
    response = wait_for(lambda: (r := client.get("/healthz")).status_code == 200 and r)
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "redis": "ok", "worker": "ok"}


@pytest.mark.django_db
def test_healthz_names_redis_when_it_is_down(client):
    dead = "redis://127.0.0.1:1/0"
    with override_settings(REDIS_URL=dead, CELERY_BROKER_URL=dead):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("error")
    assert body["checks"]["worker"].startswith("error")
