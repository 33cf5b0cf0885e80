"""Exports of a plan: iCalendar (RFC 5545, all-day two-day events), CSV and XLSX (pure; the
spreadsheets through visitatie.tabelexport)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from visitatie import tabelexport
from visitatie.commissierollen import korte_naam
from visitatie.timeutil import utcnow

KOLOMMEN = ["Omgevingsdienst", "Eerste dag", "Tweede dag", "Rol", "Persoon", "Toelichting"]


@dataclass(frozen=True)
class Regel:
    od: str
    od_naam: str
    eerste_dag: date
    tweede_dag: date
    rol: str
    persoon: str
    uitleg: str = ""
    email: str = ""  # the member's address, for ATTENDEE
    ronde_id: int = 0  # with `od`, the visit's identity across plan versions (the UID)


def _ics_tekst(waarde: str) -> str:
    return (waarde.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _vouw(regel: str) -> str:
    """Fold content lines at 75 octets, as RFC 5545 asks."""
    data = regel.encode()
    if len(data) <= 75:
        return regel
    delen, huidig = [], b""
    for teken in regel:
        b = teken.encode()
        if len(huidig) + len(b) > (75 if not delen else 74):
            delen.append(huidig.decode())
            huidig = b""
        huidig += b
    delen.append(huidig.decode())
    return "\r\n ".join(delen)


def ical(regels: list[Regel], *, naam: str, volgnummers: dict[int, int] | None = None,
         nu: datetime | None = None) -> str:
    """One VEVENT per visit: the OD as LOCATION, the committee as ATTENDEEs (and in the
    description). The UID names the cycle and the OD, not the plan, so a calendar that imports
    the file of a newer plan updates the event; SEQUENCE (`volgnummers`: cycle -> the plan's
    number, which only grows) tells it which version is newer."""
    stempel = (nu or utcnow()).strftime("%Y%m%dT%H%M%SZ")
    per_bezoek: dict[tuple[str, date], list[Regel]] = {}
    for r in regels:
        per_bezoek.setdefault((r.od, r.eerste_dag), []).append(r)
    lijnen = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Staat van VTH//Visitatieplanning//NL",
              "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_ics_tekst(naam)}"]
    for (od, dag), leden in sorted(per_bezoek.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        eerste = leden[0]
        beschrijving = "Commissie: " + "; ".join(f"{r.persoon} ({r.rol})" for r in leden)
        lijnen += ["BEGIN:VEVENT", f"UID:visitatie-ronde{eerste.ronde_id}-{od}@staat-van-vth",
                   f"SEQUENCE:{(volgnummers or {}).get(eerste.ronde_id, 0)}",
                   f"DTSTAMP:{stempel}", f"DTSTART;VALUE=DATE:{dag:%Y%m%d}",
                   f"DTEND;VALUE=DATE:{eerste.tweede_dag + timedelta(days=1):%Y%m%d}",
                   f"SUMMARY:{_ics_tekst('Visitatie ' + eerste.od_naam)}",
                   f"LOCATION:{_ics_tekst(eerste.od_naam)}",
                   f"DESCRIPTION:{_ics_tekst(beschrijving)}"]
        lijnen += [_deelnemer(r) for r in leden if r.email]
        lijnen += ["TRANSP:OPAQUE", "END:VEVENT"]
    lijnen.append("END:VCALENDAR")
    return "\r\n".join(_vouw(regel) for regel in lijnen) + "\r\n"


def _deelnemer(r: Regel) -> str:
    naam = r.persoon.replace('"', "'")
    return f'ATTENDEE;CN="{naam}";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:{r.email}'


def _rijen(regels: list[Regel]) -> list[list]:
    return [[r.od_naam or r.od, r.eerste_dag, r.tweede_dag, korte_naam(r.rol), r.persoon, r.uitleg]
            for r in regels]


def als_csv(regels: list[Regel]) -> bytes:
    """For Dutch Excel: semicolons, UTF-8 with BOM, names not codes, formulas neutralised."""
    return tabelexport.als_csv(KOLOMMEN, _rijen(regels))


def als_xlsx(regels: list[Regel], *, titel: str) -> bytes:
    return tabelexport.als_xlsx(tabelexport.Blad(titel or "Plan", KOLOMMEN, _rijen(regels),
                                         breedtes=(40, 12, 12, 14, 30, 80)))
