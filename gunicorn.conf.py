"""Production server settings (gunicorn -c gunicorn.conf.py). Every setting can be overridden
with GUNICORN_* style command-line flags; see README "Production"."""

import gc
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
# Load the app once in the master and fork workers from it: a recycled worker is ready in
# milliseconds instead of importing the app again (about 2.4 s of CPU, during which the other
# worker serves alone); the workers also share the imported code's memory.
preload_app = True
gc.disable()  # until the fork: no freed holes in the pages the workers share (see pre_fork)
accesslog = None  # the app logs one structured line per request itself
errorlog = "-"
control_socket_disable = True  # same as --no-control-socket: never write ~/.gunicorn
forwarded_allow_ips = os.environ.get("VTH_FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    """Move everything the master loaded out of the collector's reach, so a worker's garbage
    collections do not write to (and so copy) every page it shares with the master."""
    gc.freeze()


def post_fork(server, worker):
    """A forked worker must not reuse the master's database connections (open during start-up
    checks); it opens its own. `close=False` leaves the master's sockets alone."""
    from visitatie.wsgi import app

    gc.enable()
    app.extensions["vth_engine"].dispose(close=False)
