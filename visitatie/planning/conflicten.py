"""Conflicts of interest, derived and declared (pure): who may not review which OD, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class BandFeit:
    """A declared tie as plain values (see models.Band)."""

    persoon: str
    od: str
    soort: str  # voormalig_werkgever | bestuurszetel | overig
    reden: str = ""
    geldig_van: date | None = None
    geldig_tot: date | None = None


@dataclass(frozen=True)
class ConflictRegel:
    persoon: str
    od: str
    reden: str
    geldig_van: date | None
    geldig_tot: date | None
    gemeld: bool = False  # from a declared tie


def _jaren_later(dag: date, jaren: int) -> date:
    if dag.year + jaren > date.max.year:  # a stored 9999-12-31 must not break a page
        return date.max
    try:
        return dag.replace(year=dag.year + jaren)
    except ValueError:  # 29 February
        return dag.replace(year=dag.year + jaren, day=28)


def bepaal_conflicten(*, werkgevers: dict[str, str | None], banden: list[BandFeit],
                      start: date, deadline: date, oud_werkgever_jaren: int = 2,
                      provincies: dict[str, frozenset[str]] | None = None,
                      ods: list[str] = (),
                      opvolgers: dict[str, tuple[str, str]] | None = None) -> list[ConflictRegel]:
    """Every conflict that is valid at some moment of the cycle [start, deadline].

    `werkgevers`: person -> current OD (or None); `provincies`: OD -> province codes, given
    only when the cycle counts the same province as a conflict; `opvolgers`: merged OD ->
    (successor, name of the merged OD), so a tie with a merged OD holds for its successor."""
    uit = [ConflictRegel(p, od, "huidige werkgever", None, None)
           for p, od in werkgevers.items() if od]
    for band in banden:
        if band.soort == "voormalig_werkgever":
            einde = band.geldig_tot
            if einde is None:
                continue
            tot = _jaren_later(einde, oud_werkgever_jaren)
            if tot >= start:
                uit.append(ConflictRegel(band.persoon, band.od,
                                         f"voormalig werkgever tot {einde:%d-%m-%Y} (minder dan "
                                         f"{oud_werkgever_jaren} jaar voor of tijdens de ronde)",
                                         band.geldig_van, tot, gemeld=True))
        elif (band.geldig_van or date.min) <= deadline and (band.geldig_tot or date.max) >= start:
            soort = "bestuurszetel" if band.soort == "bestuurszetel" else "andere band"
            uit.append(ConflictRegel(band.persoon, band.od,
                                     f"{soort}" + (f": {band.reden}" if band.reden else ""),
                                     band.geldig_van, band.geldig_tot, gemeld=True))
    if provincies:
        for p, eigen in werkgevers.items():
            for od in ods:
                gedeeld = provincies.get(eigen or "", frozenset()) & provincies.get(od, frozenset())
                if eigen and od != eigen and gedeeld:
                    uit.append(ConflictRegel(p, od, "zelfde provincie als de eigen OD", None, None))
    return uit + volg_fusies(uit, opvolgers or {})


def volg_fusies(regels: list[ConflictRegel], opvolgers: dict[str, tuple[str, str]]) -> list[ConflictRegel]:
    """The conflicts carried over to the successor(s) of a merged OD, with the same period:
    whoever worked at or was tied to OD Noord-Veluwe is not independent of OD Veluwe."""
    uit = []
    for regel in regels:
        od, gezien = regel.od, {regel.od}
        while od in opvolgers and opvolgers[od][0] not in gezien:
            opvolger, naam = opvolgers[od]
            uit.append(ConflictRegel(regel.persoon, opvolger,
                                     f"{regel.reden} (bij {naam}, opgegaan in deze omgevingsdienst)",
                                     regel.geldig_van, regel.geldig_tot))
            od = opvolger
            gezien.add(od)
    return uit
