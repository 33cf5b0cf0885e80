"""The intended dependency rules, made true and tested (issue 14, item 6).

Layering, from the bottom up (a layer may import only the layers below it):

1. Pure cores: take plain values, no database, no Flask. Dutch formatting (`visitatie.taal`),
   the clock (`visitatie.timeutil`), the domain exception (`visitatie.errors`), the package's own
   files (`visitatie.bronnen`), role vocabularies (`visitatie.accountrollen`,
   `visitatie.commissierollen`), the taxonomy, the questionnaire definitions and expressions,
   calibration, statistics, robustness, the policy cycle, the planning solver and rule check.
2. Domain packages (`visitatie.<domein>`: models and operations): audit below register below
   auth; rondes (the cycle) below visitaties below planning (the plan drives the visitations);
   raad below publicatie (an edition contains the council summaries); ilt, monitoring, taken;
   and the Staat pipeline `staat_van_vth`, which reads the data model and knows nothing of the
   web layer.
3. The web and entry layer: views, forms, CLI commands, demo builders, `visitatie.api`,
   `visitatie.core`, `visitatie.web`, `visitatie.app` (create_app), `visitatie.cli`,
   `visitatie.wsgi`, `visitatie.werker` (the RQ worker's entry point). It composes the domains
   and may import any of them.

Checked here: (a) importing the pipeline or a pure core does not import Flask; (b) the domain
packages import each other without a cycle, counting imports inside functions too (a lazy import
hides a dependency, it does not remove it), and in the direction of the domain; (c) no domain
module imports the web or entry layer, also not inside a function. See docs/architecture.md.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAKKETTEN = ("visitatie", "staat_van_vth")
WEBMODULES = ("flask", "flask_wtf", "flask_login", "werkzeug")

PURE_KERNEN = (
    "visitatie.taal",
    "visitatie.timeutil",
    "visitatie.errors",
    "visitatie.bronnen",
    "visitatie.accountrollen",
    "visitatie.commissierollen",
    "visitatie.taxonomie",
    "visitatie.vragenlijsten.definitie",
    "visitatie.vragenlijsten.expressie",
    "visitatie.visitaties.kalibratie",
    "visitatie.monitoring.statistiek",
    "visitatie.monitoring.robuustheid",
    "visitatie.monitoring.beleidscyclus",
    "visitatie.planning.solver",
    "visitatie.planning.controle",
    "visitatie.audit.leesbaar",
    "visitatie.ilt.opvolging",
    "visitatie.register.fusies",
)

# Module names (last part) that belong to the web and entry layer, and whole packages of it.
WEBLAAG = re.compile(r"(views\w*|forms|cli|demo|app|wsgi|werker|web)$")
WEBPAKKETTEN = ("visitatie.api", "visitatie.core")

# Cycles between domain packages that may remain for now, each a sorted tuple of packages. Empty:
# the plan drives the visitations (planning imports visitaties; the cycle both read is
# visitatie.rondes) and an edition contains the council summaries (publicatie imports raad). The
# test fails when a new cycle appears and when a listed one disappears, so this set only shrinks.
BEKENDE_CYCLI: set[tuple[str, ...]] = set()

# The direction between two domains follows the domain; the reverse edge must not exist, also
# where it would make no cycle (see docs/architecture.md).
VERBODEN_RICHTINGEN = {
    ("visitatie.visitaties", "visitatie.planning"): "het plan stuurt de visitaties",
    ("visitatie.rondes", "visitatie.planning"): "de ronde ligt onder planning en visitaties",
    ("visitatie.rondes", "visitatie.visitaties"): "de ronde ligt onder planning en visitaties",
    ("visitatie.raad", "visitatie.publicatie"): "een editie bevat de raadssamenvattingen",
}


def pipeline_modules() -> list[str]:
    return ["staat_van_vth"] + sorted(
        f"staat_van_vth.{p.stem}" for p in (ROOT / "staat_van_vth").glob("*.py") if p.stem != "__init__")


def test_importeren_laadt_geen_flask():
    """One fresh interpreter imports the pipeline and the pure cores one by one and, after each,
    names the web modules it then holds: the first module that brings one in is the culprit
    (one interpreter for all: a fresh one per module cost a minute of the suite)."""
    modules = pipeline_modules() + list(PURE_KERNEN)
    code = ("import importlib, json, sys\n"
            f"for module in {modules!r}:\n"
            "    importlib.import_module(module)\n"
            f"    geladen = sorted(n for n in sys.modules if n.split('.')[0] in {WEBMODULES!r})\n"
            "    if geladen:\n"
            "        break\n"
            "print(json.dumps([module, geladen]))")
    uitkomst = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                              timeout=300)
    assert uitkomst.returncode == 0, uitkomst.stderr
    module, geladen = json.loads(uitkomst.stdout.strip().splitlines()[-1])
    assert geladen == [], f"{module} laadt de weblaag: {geladen}"


def test_de_controle_ziet_flask_wanneer_het_geladen_wordt():
    """The check above can fail: the app factory does load Flask."""
    code = "import json, sys, visitatie.app\nprint(json.dumps('flask' in sys.modules))"
    uitkomst = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
    assert json.loads(uitkomst.stdout.strip().splitlines()[-1]) is True


def test_visitatie_init_is_leeg():
    """`visitatie/__init__.py` holds a docstring at most: importing any submodule runs it."""
    boom = ast.parse((ROOT / "visitatie" / "__init__.py").read_text(encoding="utf-8"))
    assert all(isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) for n in boom.body)


# --- no cycles between domain packages ------------------------------------------------------

def alle_modules() -> dict[str, Path]:
    modules = {}
    for pakket in PAKKETTEN:
        for pad in (ROOT / pakket).rglob("*.py"):
            delen = pad.relative_to(ROOT).with_suffix("").parts
            if "migrations" in delen or "static" in delen:
                continue
            modules[".".join(delen[:-1] if delen[-1] == "__init__" else delen)] = pad
    return modules


def domein_van(module: str) -> str:
    """The node of the graph: `staat_van_vth`, a package `visitatie.<domein>` (a folder), or a
    top-level module of visitatie (a pure core or an entry point)."""
    delen = module.split(".")
    if delen[0] == "staat_van_vth":
        return "staat_van_vth"
    if len(delen) >= 2 and (ROOT / "visitatie" / delen[1]).is_dir():
        return ".".join(delen[:2])
    return module


def hoort_bij_weblaag(module: str) -> bool:
    return bool(WEBLAAG.match(module.rsplit(".", 1)[-1])) or domein_van(module) in WEBPAKKETTEN


def geimporteerd(module: str, pad: Path, modules: dict[str, Path]) -> list[tuple[str, int]]:
    """Every project module `module` imports (inside functions too), with its line."""
    is_pakket = pad.name == "__init__.py"
    gevonden = []
    for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
        if isinstance(knoop, ast.Import):
            namen = [a.name for a in knoop.names]
        elif isinstance(knoop, ast.ImportFrom):
            basis = knoop.module or ""
            if knoop.level:
                delen = module.split(".") if is_pakket else module.split(".")[:-1]
                delen = delen[:len(delen) - knoop.level + 1]
                basis = ".".join(delen + ([knoop.module] if knoop.module else []))
            namen = [basis] + [f"{basis}.{a.name}" for a in knoop.names if f"{basis}.{a.name}" in modules]
        else:
            continue
        for naam in namen:
            if naam.split(".")[0] not in PAKKETTEN:
                continue
            while naam not in modules and "." in naam:
                naam = naam.rsplit(".", 1)[0]
            gevonden.append((naam, knoop.lineno))
    return gevonden


def domeingraaf() -> tuple[dict[str, set[str]], dict[tuple[str, str], list[str]]]:
    """Edges between domain packages from the modules outside the web layer, and per edge the
    import lines that make it."""
    modules = alle_modules()
    graaf: dict[str, set[str]] = defaultdict(set)
    waarom: dict[tuple[str, str], list[str]] = defaultdict(list)
    for module, pad in modules.items():
        if hoort_bij_weblaag(module):
            continue
        for doel, regel in geimporteerd(module, pad, modules):
            van, naar = domein_van(module), domein_van(doel)
            if van != naar:
                graaf[van].add(naar)
                waarom[(van, naar)].append(f"{pad.relative_to(ROOT)}:{regel} importeert {doel}")
    return graaf, waarom


def sterke_componenten(graaf: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """Tarjan's strongly connected components with more than one node: the cycles."""
    index: dict[str, int] = {}
    laagste: dict[str, int] = {}
    stapel: list[str] = []
    componenten = []

    def bezoek(knoop: str) -> None:
        index[knoop] = laagste[knoop] = len(index)
        stapel.append(knoop)
        for buur in sorted(graaf.get(knoop, ())):
            if buur not in index:
                bezoek(buur)
                laagste[knoop] = min(laagste[knoop], laagste[buur])
            elif buur in stapel:
                laagste[knoop] = min(laagste[knoop], index[buur])
        if laagste[knoop] == index[knoop]:
            component = []
            while True:
                lid = stapel.pop()
                component.append(lid)
                if lid == knoop:
                    break
            if len(component) > 1:
                componenten.append(tuple(sorted(component)))

    for knoop in sorted(graaf):
        if knoop not in index:
            bezoek(knoop)
    return componenten


def beschrijf(component: tuple[str, ...], graaf, waarom) -> str:
    regels = [" <-> ".join(component)]
    for van in component:
        for naar in sorted(graaf[van] & set(component)):
            regels += [f"  {van} -> {naar}"] + [f"      {w}" for w in waarom[(van, naar)][:3]]
    return "\n".join(regels)


def test_geen_importcycli_tussen_domeinpakketten():
    graaf, waarom = domeingraaf()
    cycli = set(sterke_componenten(graaf))
    nieuw = cycli - BEKENDE_CYCLI
    assert not nieuw, "Nieuwe importcyclus tussen domeinpakketten:\n" + "\n".join(
        beschrijf(c, graaf, waarom) for c in sorted(nieuw))
    opgelost = BEKENDE_CYCLI - cycli
    assert not opgelost, f"Deze cyclus is opgelost; haal hem uit BEKENDE_CYCLI: {sorted(opgelost)}"


def test_afhankelijkheden_volgen_het_domein():
    graaf, waarom = domeingraaf()
    fouten = [f"{van} -> {naar} ({reden}):\n      " + "\n      ".join(waarom[(van, naar)][:3])
              for (van, naar), reden in sorted(VERBODEN_RICHTINGEN.items()) if naar in graaf.get(van, ())]
    assert not fouten, "\n".join(fouten)


def test_de_graaf_telt_imports_in_functies(tmp_path):
    """A lazy import inside a function (or a method, or under `if TYPE_CHECKING`) is an edge."""
    pad = tmp_path / "lui.py"
    pad.write_text("def f():\n    from visitatie.planning import models\n\n"
                   "class K:\n    def g(self):\n        import visitatie.raad.operations\n\n"
                   "if False:\n    from visitatie.publicatie.models import Editie\n", encoding="utf-8")
    modules = alle_modules()
    gevonden = {naam for naam, _ in geimporteerd("visitatie.visitaties.lui", pad, modules)}
    assert {"visitatie.planning.models", "visitatie.raad.operations",
            "visitatie.publicatie.models"} <= gevonden


def test_de_cyclustoets_vindt_een_cyclus():
    """The detector finds a cycle and reports every package of it (so the test above can fail)."""
    graaf = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert sterke_componenten(graaf) == [("a", "b", "c")]
    assert sterke_componenten({"a": {"b"}, "b": set()}) == []


def test_de_domeinlaag_importeert_de_weblaag_niet():
    """No module of a pure core or domain layer imports a view, form or the app factory, also not
    inside a function (the web layer sits above, never below)."""
    modules = alle_modules()
    fouten = []
    for module, pad in modules.items():
        if hoort_bij_weblaag(module):
            continue
        for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
            if isinstance(knoop, ast.ImportFrom) and knoop.module and knoop.module.split(".")[0] in PAKKETTEN:
                doel = knoop.module
                if doel in modules and hoort_bij_weblaag(doel) and domein_van(doel) != domein_van(module):
                    fouten.append(f"{pad.relative_to(ROOT)}:{knoop.lineno} importeert {doel}")
    assert not fouten, "\n".join(fouten)


# --- Dutch formatting has one home ------------------------------------------------------------

TAAL = "visitatie.taal"  # the one home of Dutch numbers, dates and months (README, docs/een-waarheid.md)
MAANDNAMEN = {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
              "oktober", "november", "december"}


def eigen_opmaak(pad: Path) -> list[str]:
    """What in a module formats or reads Dutch itself: a list of month names (three or more of
    them as separate strings), the decimal comma swap of `taal.getal` (`.replace(",", "X")`), or
    its own test for digits (`.isdigit()`, which passes '²': `taal.cijfers`)."""
    boom = ast.parse(pad.read_text(encoding="utf-8"))
    gevonden = []
    for knoop in ast.walk(boom):
        if isinstance(knoop, ast.List | ast.Tuple | ast.Set | ast.Dict):
            elementen = knoop.keys if isinstance(knoop, ast.Dict) else knoop.elts
            namen = {e.value.lower() for e in elementen
                     if isinstance(e, ast.Constant) and isinstance(e.value, str)} & MAANDNAMEN
            if len(namen) >= 3:
                gevonden.append(f"regel {knoop.lineno}: een lijst met maandnamen")
        if isinstance(knoop, ast.Attribute) and knoop.attr == "isdigit":
            gevonden.append(f"regel {knoop.lineno}: eigen cijfertoets (isdigit laat '²' door)")
        if (isinstance(knoop, ast.Call) and isinstance(knoop.func, ast.Attribute)
                and knoop.func.attr == "replace" and len(knoop.args) == 2
                and [getattr(a, "value", None) for a in knoop.args] == [",", "X"]):
            gevonden.append(f"regel {knoop.lineno}: eigen getalnotatie (komma wisselen)")
    return sorted(gevonden, key=lambda regel: int(regel.split()[1].rstrip(":")))


def test_nederlandse_opmaak_heeft_een_thuis():
    """Month names and the Dutch number format live in `visitatie.taal` only; every other module
    imports them (the council summaries and the planning pages once kept their own copies)."""
    fouten = [f"{pad.relative_to(ROOT)} {wat}" for module, pad in sorted(alle_modules().items())
              if module != TAAL for wat in eigen_opmaak(pad)]
    assert not fouten, "Nederlandse opmaak buiten visitatie/taal.py:\n" + "\n".join(fouten)
    assert eigen_opmaak(alle_modules()[TAAL])  # the home itself is found: the check can see a copy


def test_de_opmaaktoets_vindt_een_kopie(tmp_path):
    pad = tmp_path / "kopie.py"
    pad.write_text('M = ("januari", "februari", "maart")\n'
                   'def g(x):\n    return f"{x:,.1f}".replace(",", "X").replace(".", ",")\n'
                   'GEEN = ["mei"]  # one month name is a word, not a list\n'
                   'J = "2024".isdigit()\n', encoding="utf-8")
    assert eigen_opmaak(pad) == ["regel 1: een lijst met maandnamen",
                                 "regel 3: eigen getalnotatie (komma wisselen)",
                                 "regel 5: eigen cijfertoets (isdigit laat '²' door)"]


@pytest.mark.parametrize(("tekst", "cijfers"), [("2024", True), ("0", True), ("", False), ("²", False),
                                                ("٣", False), ("-1", False), ("1,5", False)])
def test_cijfers_zijn_wat_int_leest(tekst, cijfers):
    from visitatie import taal

    assert taal.cijfers(tekst) is cijfers
