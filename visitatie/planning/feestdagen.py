"""Dutch public holidays and working days, computed (pure; no database, no calendar files).

Liberation Day (5 May) is a day off every year under the collective agreements most ODs follow
(gemeenten and provinces) but only every fifth year (2020, 2025, ...) under many others; the
choice is a parameter, `bevrijdingsdag="elk_jaar"` (our default) or `"lustrum"`.
King's Day is 27 April, or 26 April when the 27th is a Sunday (rule since 2014)."""

from __future__ import annotations

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
