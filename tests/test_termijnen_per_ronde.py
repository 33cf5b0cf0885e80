"""Deadlines of the visitation workflow are configurable per cycle."""

from datetime import date

from sqlmodel import select

from visitatie.rondes.models import VisitatieRonde
from visitatie.visitaties.models import Visitatie
from visitatie.visitaties.termijnen import termijnen_van


def test_cycle_settings_move_the_deadlines():
    visitatie = Visitatie(ronde_id=1, od_code="odmh", status="voorbereiding",
                          bezoek_van=date(2025, 3, 10), bezoek_tot=date(2025, 3, 11))
    standaard = VisitatieRonde(naam="a", start=date(2025, 1, 1), deadline=date(2025, 12, 31))
    strak = VisitatieRonde(naam="b", start=date(2025, 1, 1), deadline=date(2025, 12, 31),
                           termijn_zelfevaluatie_weken=1, termijn_concept_weken=2)
    peil = date(2025, 2, 28)
    eerst = {t.stap: t for t in termijnen_van(visitatie, standaard, peil)}
    later = {t.stap: t for t in termijnen_van(visitatie, strak, peil)}
    assert eerst["Zelfevaluatie indienen"].deadline == date(2025, 2, 17)
    assert eerst["Zelfevaluatie indienen"].te_laat
    assert later["Zelfevaluatie indienen"].deadline == date(2025, 3, 3)
    assert not later["Zelfevaluatie indienen"].te_laat
    assert later["Conceptrapport naar de OD"].deadline == date(2025, 3, 25)


def test_coordinator_sets_deadlines_when_creating_a_cycle(client, login, db):
    login("coordinator")
    antwoord = client.post("/planning/rondes", data={
        "naam": "2027-2028", "start": "2027-01-01", "deadline": "2028-12-31", "max_per_week": 2,
        "termijn_zelfevaluatie_weken": 4, "termijn_concept_weken": 8, "termijn_wederhoor_weken": 3})
    assert antwoord.status_code == 302, antwoord.get_data(as_text=True)
    ronde = db.exec(select(VisitatieRonde).where(VisitatieRonde.naam == "2027-2028")).one()
    assert ronde.termijn_instellingen() == {"zelfevaluatie_weken_voor": 4, "concept_weken_na": 8,
                                            "wederhoor_weken": 3}
    fout = client.post("/planning/rondes", data={
        "naam": "2029-2030", "start": "2029-01-01", "deadline": "2030-12-31", "max_per_week": 2,
        "termijn_zelfevaluatie_weken": 40, "termijn_concept_weken": 8, "termijn_wederhoor_weken": 3})
    assert fout.status_code == 422 and "Kies 0 tot 26." in fout.get_data(as_text=True)
