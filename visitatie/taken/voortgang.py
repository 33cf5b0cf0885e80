"""Where running jobs report progress. Progress is ephemeral, so it is kept out of the database:
a job that writes in its own open transaction must not contend with progress writes (SQLite
allows one writer). In memory for the in-process runner; in Redis when a queue is configured,
so every web process sees the progress of every worker."""

from __future__ import annotations

import threading

from flask import Flask

TTL_SECONDEN = 24 * 3600


class GeheugenVoortgang:
    def __init__(self):
        self._lock = threading.Lock()
        self._stand: dict[int, tuple[int, str]] = {}

    def zet(self, taak_id: int, procent: int, bericht: str) -> None:
        with self._lock:
            self._stand[taak_id] = (procent, bericht)

    def lees(self, taak_id: int) -> tuple[int, str] | None:
        with self._lock:
            return self._stand.get(taak_id)

    def sluit(self) -> None:
        pass


class RedisVoortgang:
    def __init__(self, url: str):
        from redis import Redis

        self._redis = Redis.from_url(url)

    def zet(self, taak_id: int, procent: int, bericht: str) -> None:
        sleutel = f"vth:taak:{taak_id}:voortgang"
        self._redis.hset(sleutel, mapping={"procent": procent, "bericht": bericht})
        self._redis.expire(sleutel, TTL_SECONDEN)

    def lees(self, taak_id: int) -> tuple[int, str] | None:
        stand = self._redis.hgetall(f"vth:taak:{taak_id}:voortgang")
        if not stand:
            return None
        return int(stand[b"procent"]), stand[b"bericht"].decode()

    def sluit(self) -> None:
        self._redis.close()


def voortgang_opslag(app: Flask):
    if "vth_voortgang" not in app.extensions:
        url = app.config.get("REDIS_URL")
        app.extensions["vth_voortgang"] = RedisVoortgang(url) if url else GeheugenVoortgang()
    return app.extensions["vth_voortgang"]
