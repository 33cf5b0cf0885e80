"""Load: the only part of the pipeline that touches the database. Each loader turns tables of
the data model into one tidy DataFrame; capabilities register their own with @lader. A table
registered with `openbaar=False` is frozen in the snapshot (kept with the edition, never public)
but not written to the open data: only what the report derives from it is published."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date

import pandas as pd
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from visitatie.bekend_op import bekend_op

Lader = Callable[[Connection, date], pd.DataFrame]
LADERS: dict[str, Lader] = {}
NIET_OPENBAAR: set[str] = set()


def lader(naam: str, *, openbaar: bool = True) -> Callable[[Lader], Lader]:
    def registreer(functie: Lader) -> Lader:
        LADERS[naam] = functie
        if not openbaar:
            NIET_OPENBAAR.add(naam)
        return functie

    return registreer


def _query(conn: Connection, sql: str, **parameters) -> pd.DataFrame:
    resultaat = conn.execute(text(sql), parameters)
    return pd.DataFrame(resultaat.fetchall(), columns=list(resultaat.keys()))


@lader("omgevingsdiensten")
def ods(conn: Connection, peildatum: date) -> pd.DataFrame:
    df = _query(conn, """
        SELECT code, naam, afkorting, seveso, geldig_van, geldig_tot, opvolger_code
        FROM omgevingsdienst
        WHERE (geldig_van IS NULL OR geldig_van <= :d) AND (geldig_tot IS NULL OR geldig_tot >= :d)
    """, d=peildatum)
    df["seveso"] = df["seveso"].astype(bool)
    return df


@lader("omgevingsdiensten_register")
def ods_register(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Every OD that existed on or before the reference date, with its validity and successor:
    the code list that every `od_code` in the open data refers to (also of merged services)."""
    df = _query(conn, """
        SELECT code, naam, afkorting, geldig_van, geldig_tot, opvolger_code
        FROM omgevingsdienst WHERE geldig_van IS NULL OR geldig_van <= :d
    """, d=peildatum)
    einde = [_bekend_op(w, peildatum) for w in df["geldig_tot"]]
    opvolger = [o if e is not None else None for o, e in zip(df["opvolger_code"], einde, strict=True)]
    return df.assign(geldig_tot=einde, opvolger_code=opvolger)


@lader("deelnemers")
def deelnemers(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Every municipality that existed on the reference date and every province, with the
    province each lies in: who can take part in an OD (and has a council summary)."""
    return _query(conn, """
        SELECT g.code, g.naam, 'gemeente' AS soort, g.provincie_code, p.naam AS provincie_naam
        FROM gemeente g JOIN provincie p ON p.code = g.provincie_code
        WHERE (g.geldig_van IS NULL OR g.geldig_van <= :d) AND (g.geldig_tot IS NULL OR g.geldig_tot >= :d)
        UNION ALL
        SELECT code, naam, 'provincie' AS soort, code AS provincie_code, naam AS provincie_naam
        FROM provincie
    """, d=peildatum)


@lader("fusies")
def fusies(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Every OD that ended before the reference date and went into a successor that exists on
    it (a merger), with the successor's name and first day: what the report explains."""
    return _query(conn, """
        SELECT o.code, o.naam, o.afkorting, o.geldig_tot, n.code AS opvolger_code,
               n.naam AS opvolger_naam, n.geldig_van AS opvolger_vanaf
        FROM omgevingsdienst o JOIN omgevingsdienst n ON n.code = o.opvolger_code
        WHERE o.geldig_tot < :d AND (n.geldig_van IS NULL OR n.geldig_van <= :d)
          AND (n.geldig_tot IS NULL OR n.geldig_tot >= :d)
        ORDER BY n.geldig_van, n.naam, o.naam
    """, d=peildatum)


@lader("beeindigde_deelnames")
def beeindigde_deelnames(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Memberships that ended before the reference date: who took part in a merged OD until
    when (a council summary speaks of the old OD for the period before the merger)."""
    return _query(conn, """
        SELECT od_code, deelnemer_code, geldig_tot FROM deelname WHERE geldig_tot < :d
    """, d=peildatum)


@lader("od_provincies")
def od_provincies(conn: Connection, peildatum: date) -> pd.DataFrame:
    """The provinces of every OD that existed on or before the reference date (not of services
    that only start later: the edition does not know them yet)."""
    return _query(conn, """
        SELECT k.od_code, p.code AS provincie_code, p.naam AS provincie
        FROM od_provincie k JOIN provincie p ON p.code = k.provincie_code
        JOIN omgevingsdienst o ON o.code = k.od_code
        WHERE o.geldig_van IS NULL OR o.geldig_van <= :d
    """, d=peildatum)


@lader("deelnames")
def deelnames(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Participants of each OD on the reference date, with name and province."""
    return _query(conn, """
        SELECT d.od_code, d.soort, d.deelnemer_code,
               COALESCE(g.naam, p.naam) AS naam, COALESCE(g.provincie_code, p.code) AS provincie_code,
               d.status
        FROM deelname d
        LEFT JOIN gemeente g ON g.code = d.deelnemer_code
        LEFT JOIN provincie p ON p.code = d.deelnemer_code
        WHERE d.geldig_van <= :d AND (d.geldig_tot IS NULL OR d.geldig_tot >= :d)
    """, d=peildatum)


# --- monitoring: robustness, quality criteria, policy cycle, indicators ----------------------

@lader("robuustheid")
def robuustheid(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Every result of every robustness assessment made on or before the reference date."""
    return _query(conn, """
        SELECT b.id AS beoordeling_id, b.od_code, b.criteria_versie, b.beoordelaar, b.datum,
               o.criterium_code, o.resultaat, o.actieplan, o.streefdatum, b.fictief
        FROM robuustheidsbeoordeling b
        JOIN robuustheidsoordeel o ON o.beoordeling_id = b.id
        WHERE b.datum <= :d
    """, d=peildatum)


@lader("robuustheidscriteria")
def robuustheidscriteria(conn: Connection, peildatum: date) -> pd.DataFrame:
    return _query(conn, "SELECT versie, code, volgorde, titel FROM robuustheidscriterium")


@lader("kwaliteitstoetsen")
def kwaliteitstoetsen(conn: Connection, peildatum: date) -> pd.DataFrame:
    return _query(conn, """
        SELECT od_code, criteria_versie, methode, datum, aantal_voldaan, aantal_totaal, fictief
        FROM kwaliteitscriteria_toets WHERE datum <= :d
    """, d=peildatum)


@lader("beleidsdocumenten")
def beleidsdocumenten(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Policy-cycle documents as known on the reference date: later adoption or sending is not
    yet known then, so those dates are blanked rather than leaked into the past."""
    df = _query(conn, """
        SELECT od_code, deelnemer_code, soort, jaar, vastgesteld_op, verzonden_op, fictief
        FROM beleidsdocument
    """)
    for kolom in ("vastgesteld_op", "verzonden_op"):
        df[kolom] = [_bekend_op(w, peildatum) for w in df[kolom]]
    return df


def _bekend_op(waarde, peildatum: date) -> str | None:
    """A date as ISO text if it lies on or before the reference date (`visitatie.bekend_op`;
    one shape for the snapshot whether the database gives text or a date)."""
    return _iso(bekend_op(waarde, peildatum))


def _iso(dag: date | None) -> str | None:
    return dag.isoformat() if dag else None


@lader("indicatoren")
def indicator_definities(conn: Connection, peildatum: date) -> pd.DataFrame:
    return _query(conn, "SELECT code, naam, definitie, eenheid, bron FROM indicator")


@lader("waarnemingen")
def waarnemingen(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Final OD-level observations for years that ended before the reference date."""
    return _query(conn, """
        SELECT indicator_code, od_code, jaar, waarde, kwaliteit, fictief
        FROM waarneming
        WHERE status = 'definitief' AND gemeente_code = '' AND jaar < :j
    """, j=peildatum.year)


# --- visitation cycles (planning) -------------------------------------------------------

@lader("visitatierondes")
def visitatierondes(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Cycles that started on or before the reference date."""
    return _query(conn, "SELECT id AS ronde_id, naam, start, deadline FROM visitatie_ronde "
                        "WHERE start <= :d", d=peildatum)


@lader("visitatiebezoeken")
def visitatiebezoeken(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Per cycle and OD: the day of a held visit (only if on or before the reference date) and
    the first day planned. Both come from the OD's visitation, which the accepted plan made:
    "held" is its status (`visitatie.visitaties.stand`), the same rule the app's pages read."""
    from visitatie.visitaties.stand import bezocht_op

    df = _query(conn, """
        SELECT r.ronde_id, r.od_code, vi.status, vi.bezoek_van
        FROM ronde_od r JOIN visitatie_ronde v ON v.id = r.ronde_id
        LEFT JOIN visitatie vi ON vi.ronde_id = r.ronde_id AND vi.od_code = r.od_code
        WHERE v.start <= :d
    """, d=peildatum)
    df["bezocht_op"] = [_iso(bezocht_op(status, dag, peildatum))
                        for status, dag in zip(df["status"], df["bezoek_van"], strict=True)]
    df["gepland"] = [_bekend_op(dag, date.max) for dag in df["bezoek_van"]]
    return df[["ronde_id", "od_code", "bezocht_op", "gepland"]]


# --- visitations: published reports only ------------------------------------------------
# Everything below reads visitations whose report was published on or before the reference
# date, and of those only the committee's submitted judgement, the submitted self-evaluation and
# the improvement plan: never drafts, individual assessments, right-of-reply or interview notes.

GEPUBLICEERD = "v.gepubliceerd_op IS NOT NULL AND v.gepubliceerd_op <= :d"


@lader("visitatierapporten")
def visitatierapporten(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Per visitation with a published report: cycle, OD, visit days and publication date."""
    df = _query(conn, f"""
        SELECT v.ronde_id, v.od_code, v.bezoek_van, v.bezoek_tot, v.gepubliceerd_op
        FROM visitatie v WHERE {GEPUBLICEERD}
    """, d=peildatum)
    for kolom in ("bezoek_van", "bezoek_tot", "gepubliceerd_op"):
        df[kolom] = [_bekend_op(w, date.max) for w in df[kolom]]
    return df


def _gepubliceerde_antwoorden(conn: Connection, peildatum: date, soort: str) -> pd.DataFrame:
    """The answers of the submitted response of one kind of every published visitation."""
    df = _query(conn, f"""
        SELECT v.ronde_id, v.od_code, r.vragenlijst, a.vraag_code, a.waarde
        FROM antwoord a JOIN respons r ON r.id = a.respons_id JOIN visitatie v ON v.id = r.visitatie_id
        WHERE r.soort = :soort AND r.ingediend_op IS NOT NULL AND {GEPUBLICEERD}
    """, d=peildatum, soort=soort)
    df["waarde"] = [json.loads(w) for w in df["waarde"]]
    return df


@lader("visitatie_bevindingen")
def visitatie_bevindingen(conn: Connection, peildatum: date) -> pd.DataFrame:
    """One row per strong point, finding or recommendation of the committee's judgement, with
    its theme (the item's own, else its section's): `visitatie.vragenlijsten.oordeel`, which
    `maak_verbeterplan` reads too."""
    from visitatie.vragenlijsten.definitie import catalogus
    from visitatie.vragenlijsten.oordeel import punten_van

    rijen = []
    for rij in _gepubliceerde_antwoorden(conn, peildatum, "commissieoordeel").itertuples():
        vraag = catalogus()[rij.vragenlijst].vragen.get(rij.vraag_code)
        rijen += [{"ronde_id": rij.ronde_id, "od_code": rij.od_code, "type": p.type, "thema": p.thema,
                   "tekst": p.tekst} for p in (punten_van(vraag, rij.waarde) if vraag else [])]
    return pd.DataFrame(rijen, columns=["ronde_id", "od_code", "type", "thema", "tekst"])


@lader("visitatie_oordelen")
def visitatie_oordelen(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Per published visitation and theme (in the framework's order): the committee's level on
    the maturity scale, with the scale's label and maximum (`visitatie.vragenlijsten.oordeel`).
    Public, as the report is."""
    from visitatie.vragenlijsten.definitie import catalogus
    from visitatie.vragenlijsten.oordeel import niveaus_per_thema

    per_visitatie: dict[tuple, dict] = {}
    for rij in _gepubliceerde_antwoorden(conn, peildatum, "commissieoordeel").itertuples():
        sleutel = (rij.ronde_id, rij.od_code, rij.vragenlijst)
        per_visitatie.setdefault(sleutel, {})[rij.vraag_code] = rij.waarde
    rijen = [{"ronde_id": ronde_id, "od_code": od_code, "volgorde": volgorde, "thema": n.thema,
              "titel": n.titel, "niveau": n.niveau, "label": n.label, "maximum": n.maximum}
             for (ronde_id, od_code, lijst), antwoorden in sorted(per_visitatie.items())
             for volgorde, n in enumerate(niveaus_per_thema(catalogus()[lijst], antwoorden))]
    return pd.DataFrame(rijen, columns=["ronde_id", "od_code", "volgorde", "thema", "titel", "niveau",
                                        "label", "maximum"])


@lader("verbeteracties")
def verbeteracties(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Actions of the improvement plans of published visitations. Their status is the one when
    the snapshot is taken (the data keep no history of it); owner and progress notes stay out."""
    df = _query(conn, f"""
        SELECT v.ronde_id, v.od_code, a.thema, a.aanbeveling, a.deadline, a.status
        FROM verbeteractie a JOIN visitatie v ON v.id = a.visitatie_id WHERE {GEPUBLICEERD}
    """, d=peildatum)
    df["deadline"] = [_bekend_op(w, date.max) for w in df["deadline"]]
    return df


@lader("visitatie_kalibratie", openbaar=False)
def visitatie_kalibratie(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Per published visitation and theme: the OD's self-judgement and the committee's level,
    with the questions they answer (for lineage). Without OD: the report shows distributions
    only, and a self-evaluation is not public, so this table is not in the open data."""
    from visitatie.visitaties.kalibratie import kalibratie
    from visitatie.vragenlijsten.definitie import catalogus

    def per_visitatie(soort: str) -> dict[tuple, tuple[str, dict]]:
        uit: dict[tuple, tuple[str, dict]] = {}
        for rij in _gepubliceerde_antwoorden(conn, peildatum, soort).itertuples():
            uit.setdefault((rij.ronde_id, rij.od_code), (rij.vragenlijst, {}))[1][rij.vraag_code] = rij.waarde
        return uit

    zelf, kader = per_visitatie("zelfevaluatie"), per_visitatie("commissieoordeel")
    rijen = []
    for sleutel in sorted(zelf.keys() & kader.keys()):
        (zelf_lijst, zelf_antw), (kader_lijst, kader_antw) = zelf[sleutel], kader[sleutel]
        rijen += [{"ronde_id": sleutel[0], "thema": r.thema, "zelfevaluatie": zelf_lijst,
                   "zelf_vraag": r.zelf_vraag, "zelf": r.zelf, "kader": kader_lijst,
                   "kader_vraag": r.kader_vraag, "commissie": r.commissie}
                  for r in kalibratie(catalogus()[zelf_lijst], zelf_antw, catalogus()[kader_lijst],
                                      kader_antw)
                  if r.zelf is not None and r.commissie is not None]
    return pd.DataFrame(rijen, columns=["ronde_id", "thema", "zelfevaluatie", "zelf_vraag", "zelf",
                                        "kader", "kader_vraag", "commissie"])


@lader("vragen_herkomst")
def vragen_herkomst(conn: Connection, peildatum: date) -> pd.DataFrame:
    """The questionnaires' lineage (configuration, not database), frozen with the answers it
    connects: per version step, the question pairs whose answers may be compared."""
    from visitatie.vragenlijsten.definitie import catalogus, vergelijkbare_vragen

    lijsten = catalogus()
    return pd.DataFrame(
        [{"vragenlijst": nieuw.code, "oude_versie": lijsten[nieuw.vorige].versie,
          "oude_vraag": oud, "nieuwe_versie": nieuw.versie, "nieuwe_vraag": code}
         for nieuw in lijsten.values() if nieuw.vorige
         for code, oud in vergelijkbare_vragen(lijsten[nieuw.vorige], nieuw).items()],
        columns=["vragenlijst", "oude_versie", "oude_vraag", "nieuwe_versie", "nieuwe_vraag"])


# --- ILT studies ------------------------------------------------------------------------

@lader("ilt_bevindingen")
def ilt_bevindingen(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Findings of ILT studies published on or before the reference date."""
    return _query(conn, """
        SELECT s.id AS studie_id, s.titel AS studie, s.publicatiedatum, b.nummer, b.type, b.thema,
               b.ernst, b.tekst
        FROM ilt_bevinding b JOIN ilt_studie s ON s.id = b.studie_id
        WHERE s.status = 'gepubliceerd' AND s.publicatiedatum <= :d
    """, d=peildatum)


@lader("ilt_adressaten")
def ilt_adressaten(conn: Connection, peildatum: date) -> pd.DataFrame:
    return _query(conn, """
        SELECT b.studie_id, b.nummer, a.soort, a.code
        FROM ilt_adressaat a JOIN ilt_bevinding b ON b.id = a.bevinding_id
        JOIN ilt_studie s ON s.id = b.studie_id
        WHERE s.status = 'gepubliceerd' AND s.publicatiedatum <= :d
    """, d=peildatum)


@lader("ilt_opvolging")
def ilt_opvolging(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Follow-up as it stands when the snapshot is taken (the data keep no history of it)."""
    return _query(conn, """
        SELECT b.studie_id, b.nummer, o.partij_soort, o.partij_code, o.status
        FROM ilt_opvolging o JOIN ilt_bevinding b ON b.id = o.bevinding_id
        JOIN ilt_studie s ON s.id = b.studie_id
        WHERE s.status = 'gepubliceerd' AND s.publicatiedatum <= :d
    """, d=peildatum)


@lader("taxonomie")
def taxonomie_termen(conn: Connection, peildatum: date) -> pd.DataFrame:
    """The findings taxonomy (configuration, not database), frozen with the data it names."""
    from visitatie.taxonomie import taxonomie

    tax = taxonomie()
    return pd.DataFrame([{"lijst": lijst, "code": t.code, "naam": t.naam, "volgorde": i}
                         for lijst in ("themas", "bevindingtypen", "ernst", "actoren")
                         for i, t in enumerate(getattr(tax, lijst))])


def laad_tabellen(bron: Engine | Connection, peildatum: date,
                  namen: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every registered table (or those `namen`) as known on the reference date. Given a
    connection (a request's session), the tables see what that transaction sees."""
    gekozen = sorted(LADERS.items()) if namen is None else sorted((n, LADERS[n]) for n in namen)
    if isinstance(bron, Connection):
        return {naam: functie(bron, peildatum) for naam, functie in gekozen}
    with bron.connect() as conn:
        return {naam: functie(conn, peildatum) for naam, functie in gekozen}
