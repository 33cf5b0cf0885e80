"""The benchmarks are run by hand (`make bench`), not by the suite, so nothing else notices when
the app's code moves under them: every name a bench script imports, at the top or inside a
function, must still exist."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
SCRIPTS = sorted(BENCH.glob("*.py"))


def _imports_of_the_project(script: Path):
    for knoop in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(knoop, ast.ImportFrom) and knoop.module and knoop.level == 0 \
                and knoop.module.split(".")[0] in {"visitatie", "staat_van_vth"}:
            for naam in knoop.names:
                yield knoop.lineno, knoop.module, naam.name


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_name_a_bench_script_imports_exists(script):
    for regel, module, naam in _imports_of_the_project(script):
        geladen = importlib.import_module(module)
        assert hasattr(geladen, naam) or importlib.util.find_spec(f"{module}.{naam}"), \
            f"{script.name}:{regel}: from {module} import {naam}"


def test_the_bench_scripts_are_found():
    assert {"load.py", "planning.py", "raad.py", "staat.py"} <= {p.name for p in SCRIPTS}
