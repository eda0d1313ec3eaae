"""Workers' proof of life: each Celery worker writes a heartbeat to Redis every few seconds.

A sorted set ``health:workers`` scores each worker's hostname with the time of its last beat;
``/healthz`` counts those newer than ``STALE_AFTER_SECONDS`` in one round trip. A worker killed
with SIGKILL stops beating and drops out within that time.
"""

import contextlib
import threading
import time

import redis

KEY = "health:workers"
INTERVAL_SECONDS = 5
STALE_AFTER_SECONDS = 30


def beat(client: redis.Redis, hostname: str) -> None:
    now = time.time()
    pipe = client.pipeline()
    pipe.zadd(KEY, {hostname: now})
    pipe.zremrangebyscore(KEY, 0, now - 24 * 3600)  # forget workers gone for a day
    pipe.execute()


def forget(client: redis.Redis, hostname: str) -> None:
    client.zrem(KEY, hostname)


def live_workers(client: redis.Redis) -> int:
    return client.zcount(KEY, time.time() - STALE_AFTER_SECONDS, "+inf")


def start_beating(url: str, hostname: str) -> threading.Event:
    """A daemon thread that beats until the returned event is set (or the process dies)."""
    stop = threading.Event()
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)

    def run():
        while not stop.is_set():
            with contextlib.suppress(redis.RedisError):  # Redis down: no tasks either; /healthz says so
                beat(client, hostname)
            stop.wait(INTERVAL_SECONDS)

    threading.Thread(target=run, name="worker-heartbeat", daemon=True).start()
    return stop
