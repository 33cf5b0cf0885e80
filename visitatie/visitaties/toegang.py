"""Who may do what with a visitation, as one pure function of role, OD, committee role and status.
Confidentiality: interview notes and individual assessments for the committee only; drafts for
the committee, and for the OD from `wederhoor` on; the final report also for the programme office;
published reports for everyone."""

from __future__ import annotations

from visitatie.visitaties.models import status_na

PROGRAMMA = {"beheerder", "coordinator"}
RECHTEN = (
    "inzien",
    "zelfevaluatie_lezen",
    "zelfevaluatie_bewerken",
    "beoordeling_bewerken",
    "oordeel_bewerken",
    "gesprekken",
    "concept_lezen",
    "concept_bewerken",
    "wederhoor_reageren",
    "wederhoor_beantwoorden",
    "rapport_lezen",
    "kalibratie",
    "verbeterplan_lezen",
    "verbeterplan_bewerken",
    "beheren",
)


def rechten(
    *, rol: str, eigen_od: str | None, commissierol: str | None, od_code: str, status: str
) -> frozenset[str]:
    """The rights of one user on one visitation in its current status."""
    programma = rol in PROGRAMMA
    commissie = commissierol is not None
    od = rol == "od_medewerker" and eigen_od == od_code
    secretaris = commissierol == "secretaris"
    r: set[str] = set()
    if programma or commissie or od:
        r.add("inzien")
    if programma or commissie or od:
        r.add("zelfevaluatie_lezen")
    if od and status in ("gepland", "voorbereiding"):
        r.add("zelfevaluatie_bewerken")
    if commissie:
        r.add("gesprekken")
        if status in ("voorbereiding", "zelfevaluatie_ingediend", "bezoek_afgerond"):
            r.add("beoordeling_bewerken")
        if secretaris and status in ("zelfevaluatie_ingediend", "bezoek_afgerond"):
            r.add("oordeel_bewerken")
    if status_na(status, "conceptrapport") and (
        commissie
        or (od and status_na(status, "wederhoor"))
        or (programma and status_na(status, "definitief"))
    ):
        r.add("concept_lezen")
    if secretaris and status in ("conceptrapport", "wederhoor"):
        r.add("concept_bewerken")
    if status == "wederhoor":
        if od:
            r.add("wederhoor_reageren")
        if commissie:
            r.add("wederhoor_beantwoorden")
    if status_na(status, "gepubliceerd") or (
        status_na(status, "definitief") and (programma or commissie or od)
    ):
        r.add("rapport_lezen")
    if (commissie or programma) and status_na(status, "zelfevaluatie_ingediend"):
        r.add("kalibratie")
    if od and status_na(status, "definitief"):
        r.add("kalibratie")
    if status_na(status, "verbeterplan") and (programma or commissie or od):
        r.add("verbeterplan_lezen")
    if od and status == "verbeterplan":
        r.add("verbeterplan_bewerken")
    if programma:
        r.add("beheren")
    return frozenset(r)


# Which right allows which manual step (the self-evaluation and the draft report move the
# status themselves: submitting and generating).
STAP_RECHT: dict[str, set[str]] = {
    "voorbereiding": {"beheren"},
    "bezoek_afgerond": {"beheren", "oordeel_bewerken"},
    "wederhoor": {"concept_bewerken"},
    "definitief": {"concept_bewerken"},
    "gepubliceerd": {"beheren"},
    "verbeterplan": {"beheren"},
    "afgerond": {"beheren"},
}


def mag_stap(rechten_: frozenset[str], naar: str) -> bool:
    return bool(STAP_RECHT.get(naar, set()) & rechten_)
