"""Production server settings (gunicorn -c gunicorn.conf.py). Every setting can be overridden
with GUNICORN_* style command-line flags; see README "Production"."""

import multiprocessing
import os

wsgi_app = "visitatie.wsgi:app"
bind = os.environ.get("VTH_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("VTH_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("VTH_THREADS", "2"))
timeout = 60
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then; state lives in the database and Redis
max_requests_jitter = 200
accesslog = None  # the app logs one structured line per request itself
errorlog = "-"
control_socket_disable = True  # same as --no-control-socket: never write ~/.gunicorn
forwarded_allow_ips = os.environ.get("VTH_FORWARDED_ALLOW_IPS", "127.0.0.1")
