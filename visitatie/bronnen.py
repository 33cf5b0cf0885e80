"""The package's own files: Jinja templates, questionnaire definitions (forms/) and reference
data (data/). Found as package resources of `visitatie`, so an installed wheel finds them where
a checkout does; the one place that knows where they live (pure)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def bronmap(naam: str) -> Path:
    """The folder `naam` inside the installed package, as a file-system path (Jinja's loader,
    the CSV and YAML readers and WeasyPrint need one). The package is installed unzipped, from a
    wheel or as a checkout, so the resource is a real folder."""
    map_ = files("visitatie") / naam
    if not isinstance(map_, Path) or not map_.is_dir():
        raise RuntimeError(f"De map '{naam}' ontbreekt in het geïnstalleerde pakket visitatie "
                           f"({map_}); installeer het pakket opnieuw.")
    return map_


SJABLONEN = bronmap("templates")
VRAGENLIJSTEN = bronmap("forms")
REFERENTIEDATA = bronmap("data")
STATISCH = bronmap("static")
