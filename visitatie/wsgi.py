"""The WSGI entry point for gunicorn: `gunicorn -c gunicorn.conf.py` (see README)."""

from visitatie.app import create_app

app = create_app()
