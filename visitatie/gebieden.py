"""Areas of the data, for the page cache: which tables belong to which area, and which areas
each cached page part reads. This is the one place where both are declared.

Every write stamps the areas of the tables it wrote (`visitatie.paginacache`), and a cached part
is kept only while the stamps of its own areas stay the same, so a login or an autosave does not
empty the register's pages. The visitations' content is stamped per visitation: a write while a
request works on one visitation (`werkt_aan_visitatie`) stamps only that one; any other write to
it stamps them all. With `PAGINACACHE_CONTROLE` on (the tests), every part that reads a table of
an area it did not declare is refused (`controleer_gelezen`)."""

from __future__ import annotations

from flask import g, has_app_context

PER_VISITATIE = "visitatie"  # the area stamped per visitation
ALLE_VISITATIES = "visitatie:alle"  # raised by every write to any visitation's content

GEBIEDEN: dict[str, frozenset[str]] = {
    "register": frozenset({"provincie", "gemeente", "omgevingsdienst", "od_provincie", "deelname"}),
    "planning": frozenset({"visitatie_ronde", "ronde_od", "visiteur", "visiteur_afwezigheid",
                           "visiteur_band", "plan", "plan_toewijzing"}),
    # the visitations themselves (status, committee), read by lists and the planning
    "visitaties": frozenset({"visitatie", "commissie_lid", "plan_vraag"}),
    # what is written while a visitation is under way
    PER_VISITATIE: frozenset({"respons", "antwoord", "rapport", "wederhoor_reactie",
                              "gespreksverslag", "verbeteractie", "herinnering",
                              "visitatie_bijlage"}),
    "ilt": frozenset({"ilt_studie", "ilt_bevinding", "ilt_adressaat", "ilt_opvolging"}),
    "monitoring": frozenset({"robuustheidscriterium", "robuustheidsbeoordeling",
                             "robuustheidsoordeel", "kwaliteitscriteria_toets", "beleidsdocument",
                             "indicator", "waarneming", "waarneming_correctie",
                             "monitoring_import"}),
    "edities": frozenset({"editie", "hoofdstuk_tekst"}),
    "accounts": frozenset({"gebruiker", "wachtwoord_token", "herstelcode"}),
    "inloggen": frozenset({"inlog_poging", "inlog_teller"}),
    "audit": frozenset({"audit_regel"}),
    "taken": frozenset({"taak"}),
    "demodag": frozenset({"demodag"}),
}
GEBIED_VAN_TABEL: dict[str, str] = {t: gebied for gebied, tabellen in GEBIEDEN.items()
                                    for t in tabellen}

# Columns whose update alone belongs to another area than their table: a login notes its time
# on the account, which no page shows.
KOLOMMEN_APART: dict[tuple[str, str], str] = {("gebruiker", "laatst_ingelogd"): "inloggen"}

# The areas each cached part reads, by the part's name (the first item of its key).
DELEN: dict[str, tuple[str, ...]] = {
    "lezer": ("accounts",),
    "register.ods": ("register",),
    "register.od": ("register", "ilt", "monitoring", "edities"),
    "planning.ronde": ("planning", "register", "visitaties"),
    "visitaties.vragenlijst": ("visitaties", PER_VISITATIE, "register", "planning", "accounts"),
    "raad.samenvatting": ("edities", "register"),
    "api.omgevingsdiensten": ("register",),
    "api.omgevingsdienst": ("register",),
    "api.gemeenten": ("register",),
    "api.edities": ("edities",),
    "api.editie": ("edities",),
    "api.indicatoren": ("monitoring",),
    "api.waarnemingen": ("monitoring", "register"),
    "api.visitaties": ("visitaties", PER_VISITATIE, "planning", "register"),
    "api.openapi": (),
}

VISITATIE_IN_G = "vth_visitatie"  # the one visitation this request works on; None: more than one


def stempelsleutels(deel: str, visitatie_id: int | None = None) -> tuple[str, ...]:
    """The stamps a part is kept under: those of its areas; a visitation's content under the
    stamp of all visitations and that of its own (or, without an id, of any visitation)."""
    sleutels: list[str] = []
    for gebied in DELEN[deel]:
        if gebied == PER_VISITATIE:
            eigen = ALLE_VISITATIES if visitatie_id is None else f"{PER_VISITATIE}:{visitatie_id}"
            sleutels += [PER_VISITATIE, eigen]
        else:
            sleutels.append(gebied)
    return tuple(sleutels)


def gedeclareerde_tabellen(deel: str) -> frozenset[str]:
    return frozenset().union(*(GEBIEDEN[gebied] for gebied in DELEN[deel]))


def controleer_gelezen(deel: str, gelezen: set[str]) -> None:
    """Refuse a part that read a table of an area it does not declare in `DELEN`."""
    vreemd = {t for t in gelezen if t in GEBIED_VAN_TABEL} - gedeclareerde_tabellen(deel)
    if vreemd:
        gebieden = sorted({GEBIED_VAN_TABEL[t] for t in vreemd})
        raise NietGedeclareerd(f"Paginadeel {deel!r} leest {sorted(vreemd)} uit gebied(en) "
                               f"{gebieden}, niet gedeclareerd in visitatie/gebieden.py")


class NietGedeclareerd(RuntimeError):
    """A cached part read a table outside its declared areas: its cache would go stale."""


def werkt_aan_visitatie(visitatie_id: int) -> None:
    """Note that this request works on this visitation (called by the one loader of a
    visitation): its writes to a visitation's content stamp only this one. A request that
    loads a second visitation stamps all of them."""
    if not has_app_context():
        return
    if VISITATIE_IN_G in g and g.get(VISITATIE_IN_G) != visitatie_id:
        g.vth_visitatie = None
    else:
        g.vth_visitatie = visitatie_id


def visitatie_van_verzoek() -> int | None:
    return g.get(VISITATIE_IN_G) if has_app_context() else None


def stempels_voor_schrijfactie(tabel: str, visitatie_ids: set) -> set[str]:
    """The stamps a write to `tabel` raises; `visitatie_ids`: the visitations the statement
    names itself (its `visitatie_id` values), if any."""
    gebied = GEBIED_VAN_TABEL.get(tabel)
    if gebied is None:
        return set() if tabel == "gegevensversie" else alle_stempels()
    if gebied != PER_VISITATIE:
        return {gebied}
    eigen = visitatie_van_verzoek()
    if eigen is None or not visitatie_ids <= {eigen}:
        return {PER_VISITATIE}
    return {f"{PER_VISITATIE}:{eigen}", ALLE_VISITATIES}


def alle_stempels() -> set[str]:
    """A write we cannot place (DDL, an unknown table): every area, all visitations included."""
    return set(GEBIEDEN)
