"""Structured logs: one JSON line per request with a request id (taken from X-Request-ID when a
proxy sets one), and the same id on every log line written while handling that request."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import Flask, g, has_request_context, request

VEILIG_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        regel = {"tijd": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "niveau": record.levelname,
                 "logger": record.name, "bericht": record.getMessage()}
        if has_request_context() and "request_id" in g:
            regel["request_id"] = g.request_id
        regel.update(getattr(record, "velden", {}))
        if record.exc_info:
            regel["uitzondering"] = self.formatException(record.exc_info)
        return json.dumps(regel, ensure_ascii=False)


def init_logging(app: Flask) -> None:
    if not app.config.get("TESTING"):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        app.logger.handlers[:] = [handler]
        app.logger.setLevel(logging.INFO)
        app.logger.propagate = False

    @app.before_request
    def start_request():
        aangeleverd = request.headers.get("X-Request-ID", "")
        g.request_id = aangeleverd if VEILIG_ID.match(aangeleverd) else uuid.uuid4().hex
        g.request_start = time.perf_counter()

    @app.after_request
    def log_request(response):
        if "request_id" not in g:
            return response
        response.headers["X-Request-ID"] = g.request_id
        if request.endpoint != "static":
            duur = (time.perf_counter() - g.request_start) * 1000
            app.logger.info("verzoek", extra={"velden": {
                "methode": request.method, "pad": request.path, "status": response.status_code,
                "duur_ms": round(duur, 1)}})
        return response
