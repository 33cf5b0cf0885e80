import time
from sqlmodel import Session
from tests.conftest import make_test_app

def test_tijd(database_url, tmp_path):
    from visitatie.demo import DEMO_STAPPEN
    app = make_test_app(database_url, STORAGE_DIR=str(tmp_path))
    with app.app_context(), Session(app.extensions["vth_engine"]) as db:
        for stap in DEMO_STAPPEN:
            t = time.perf_counter(); r = stap(db); print(stap.__name__, round(time.perf_counter() - t, 1), r[:80])
