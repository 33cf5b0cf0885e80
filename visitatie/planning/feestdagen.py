"""Dutch public holidays and working days, computed (pure; no database, no calendar files).

Liberation Day (5 May) is a day off every year under the collective agreements most ODs follow
(gemeenten and provinces) but only every fifth year (2020, 2025, ...) under many others; the
choice is a parameter, `bevrijdingsdag="elk_jaar"` (our default) or `"lustrum"`.
King's Day is 27 April, or 26 April when the 27th is a Sunday (rule since 2014)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

BEVRIJDINGSDAG_KEUZES = ("elk_jaar", "lustrum")


def pasen(jaar: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = jaar % 19
    b, c = divmod(jaar, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    maand, dag = divmod(h + ll - 7 * m + 114, 31)
    return date(jaar, maand, dag + 1)


def koningsdag(jaar: int) -> date:
    dag = date(jaar, 4, 27)
    return dag - timedelta(days=1) if dag.weekday() == 6 else dag


def feestdagen(jaar: int, bevrijdingsdag: str = "elk_jaar") -> dict[date, str]:
    """The public holidays of one year, date -> Dutch name."""
    if bevrijdingsdag not in BEVRIJDINGSDAG_KEUZES:
        raise ValueError(f"bevrijdingsdag moet een van {BEVRIJDINGSDAG_KEUZES} zijn")
    p = pasen(jaar)
    dagen = {
        date(jaar, 1, 1): "Nieuwjaarsdag",
        p: "Eerste Paasdag",
        p + timedelta(days=1): "Tweede Paasdag",
        koningsdag(jaar): "Koningsdag",
        p + timedelta(days=39): "Hemelvaartsdag",
        p + timedelta(days=49): "Eerste Pinksterdag",
        p + timedelta(days=50): "Tweede Pinksterdag",
        date(jaar, 12, 25): "Eerste Kerstdag",
        date(jaar, 12, 26): "Tweede Kerstdag",
    }
    if bevrijdingsdag == "elk_jaar" or jaar % 5 == 0:
        dagen[date(jaar, 5, 5)] = "Bevrijdingsdag"
    return dict(sorted(dagen.items()))


def feestdagen_tussen(van: date, tot: date, bevrijdingsdag: str = "elk_jaar") -> dict[date, str]:
    """Public holidays from `van` to `tot`, both inclusive."""
    alle: dict[date, str] = {}
    for jaar in range(van.year, tot.year + 1):
        alle.update(feestdagen(jaar, bevrijdingsdag))
    return {d: n for d, n in alle.items() if van <= d <= tot}


# --- school holidays ------------------------------------------------------------------------
# The Ministry of Education sets the school holidays per region (noord, midden, zuid) and
# publishes them a few years ahead. We compute them from the pattern (indicative): Christmas
# two weeks from the last Saturday on or before 24 December; May one week around King's Day;
# autumn weeks 42-43 and spring weeks 7-9 (the union of the regions, whose single weeks
# rotate); summer six weeks per region where the order of the regions is known (2023: midden,
# zuid, noord; 2024: zuid, midden, noord), else the union of the regions: eight weeks from the
# first Saturday on or after 4 July. Over-blocking is safe: the coordinator opens a period.
REGIO_NAMEN = {"noord": "regio Noord", "midden": "regio Midden", "zuid": "regio Zuid"}
REGIO_VAN_PROVINCIE = {"PV20": "noord", "PV21": "noord", "PV22": "noord", "PV23": "noord",
                       "PV24": "noord", "PV27": "noord", "PV25": "midden", "PV26": "midden",
                       "PV28": "midden", "PV29": "zuid", "PV30": "zuid", "PV31": "zuid"}
REGIO_VAN_OD = {"odrn": ("zuid",), "odr": ("zuid",)}  # Gelderland south of the rivers
ZOMER_BEKEND = {2023: {"midden": date(2023, 7, 8), "zuid": date(2023, 7, 15), "noord": date(2023, 7, 22)},
                2024: {"zuid": date(2024, 7, 6), "midden": date(2024, 7, 13), "noord": date(2024, 7, 20)}}


@dataclass(frozen=True)
class Schoolvakantie:
    sleutel: str  # e.g. "zomer-2027-noord": what the coordinator opens
    regio: str
    naam: str
    van: date
    tot: date


def regio_van(od_code: str, provincies: frozenset[str] | set[str]) -> tuple[str, ...]:
    """The school-holiday region(s) of an OD: from its province(s), Rivierenland and Nijmegen south."""
    if od_code in REGIO_VAN_OD:
        return REGIO_VAN_OD[od_code]
    return tuple(sorted({REGIO_VAN_PROVINCIE[p] for p in provincies if p in REGIO_VAN_PROVINCIE}))


def _zaterdag_op_of_voor(dag: date) -> date:
    return dag - timedelta(days=(dag.weekday() - 5) % 7)


def _week(jaar: int, week: int, weken: int) -> tuple[date, date]:
    """From the Saturday before ISO week `week` to the Sunday ending `weken` weeks later."""
    maandag = date.fromisocalendar(jaar, week, 1)
    return maandag - timedelta(days=2), maandag + timedelta(days=7 * weken - 1)


def _vakanties_van_jaar(jaar: int, regio: str) -> list[tuple[str, date, date]]:
    kerst = _zaterdag_op_of_voor(date(jaar, 12, 24))
    mei = _zaterdag_op_of_voor(koningsdag(jaar))
    zomer_start = ZOMER_BEKEND.get(jaar, {}).get(regio)
    if zomer_start:
        zomer = (zomer_start, zomer_start + timedelta(days=43))
    else:
        eerste = date(jaar, 7, 4) + timedelta(days=(5 - date(jaar, 7, 4).weekday()) % 7)
        zomer = (eerste, eerste + timedelta(days=57))
    return [("voorjaarsvakantie", *_week(jaar, 7, 3)), ("meivakantie", mei, mei + timedelta(days=8)),
            ("zomervakantie", *zomer), ("herfstvakantie", *_week(jaar, 42, 2)),
            ("kerstvakantie", kerst, kerst + timedelta(days=15))]


def schoolvakanties(van: date, tot: date, regios: tuple[str, ...] = ("noord", "midden", "zuid")
                    ) -> list[Schoolvakantie]:
    """The school holidays of the regions that overlap [van, tot], in date order."""
    uit = []
    for jaar in range(van.year - 1, tot.year + 1):
        for regio in regios:
            for naam, begin, einde in _vakanties_van_jaar(jaar, regio):
                if begin <= tot and einde >= van:
                    uit.append(Schoolvakantie(f"{naam[:-8]}-{jaar}-{regio}", regio,
                                              f"{naam} {jaar} {REGIO_NAMEN[regio]}", begin, einde))
    return sorted(uit, key=lambda v: (v.van, v.regio))
