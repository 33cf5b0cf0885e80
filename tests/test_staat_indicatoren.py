"""Indicators of the monitoring and ILT chapters on small frames, against hand-computed results."""

from __future__ import annotations

from datetime import date

import pandas as pd

from staat_van_vth import ilt, monitoring
from staat_van_vth.snapshot import lees_snapshot, schrijf_snapshot
from tests.test_staat import KALIBRATIEKOLOMMEN, fixture_tabellen, kalibratierij


def test_latest_ministerial_assessment_decides_robustness():
    t = fixture_tabellen()
    laatste = monitoring.laatste_robuustheid(t["robuustheid"], t["robuustheidscriteria"])
    # a: its 2098 assessment failed c1, the 2099 one meets all; b's own (board) 'robuust' does not count
    assert dict(zip(laatste["od_code"], laatste["oordeel"], strict=True)) == {
        "a": "robuust", "b": "niet_robuust"}
    per_criterium = monitoring.robuustheid_per_criterium(t["robuustheid"], t["robuustheidscriteria"],
                                                         laatste)
    assert per_criterium.set_index("criterium_code")["voldoet_niet"].to_dict() == {"c1": 0, "c2": 1}


def test_latest_quality_check_per_od_and_suppressed_median():
    laatste = monitoring.laatste_kwaliteitstoets(fixture_tabellen()["kwaliteitstoetsen"])
    assert laatste.set_index("od_code")["percentage"].to_dict() == {"a": 75.0, "b": 90.0}
    per_versie = monitoring.kwaliteit_per_versie(laatste)
    assert per_versie["mediaan"].tolist() == [None, None] and per_versie["onderdrukt"].all()


def test_policy_cycle_uses_the_monitoring_rules():
    t = fixture_tabellen()
    cycli = monitoring.cycli(t["beleidsdocumenten"], t["deelnames"], 2097, date(2098, 6, 1))
    per = cycli.set_index("deelnemer_code")
    assert per.loc["GM1", "status"] == "compleet" and per.loc["GM1", "op_tijd"]
    assert per.loc["GM2", "status"] == "compleet" and not per.loc["GM2", "op_tijd"]  # programme late
    assert per.loc["GM3", "doc_uhs"] == "niet_verzonden"
    assert per.loc["GM6", "status"] == "onvolledig"
    # before 1 July 2098 the annual report for 2097 is not yet due
    assert per.loc["GM4", "doc_jaarverslag"] == "nog_niet_verschuldigd"


def test_policy_cycle_per_od_suppresses_small_groups():
    deelnames = pd.DataFrame({"od_code": ["a"] * 5 + ["b"] * 2,
                              "deelnemer_code": [f"GM{i}" for i in range(7)], "naam": list("abcdefg")})
    documenten = pd.DataFrame(
        [(od, f"GM{i}", soort, 2098, "2098-01-01" if soort != "uhs" else "2097-01-01", "2098-01-02")
         for i, od in [(0, "a"), (1, "a"), (5, "b")]
         for soort in ("uhs", "uitvoeringsprogramma", "jaarverslag")],
        columns=["od_code", "deelnemer_code", "soort", "jaar", "vastgesteld_op", "verzonden_op"])
    ods = pd.DataFrame({"code": ["a", "b"], "naam": ["A", "B"], "afkorting": ["A", "B"]})
    cycli = monitoring.cycli(documenten, deelnames, 2098, date(2099, 9, 1))
    per_od = monitoring.cycli_per_od(cycli, ods).set_index("od_code")
    assert per_od.loc["a", "compleet"] == 2 and per_od.loc["a", "pct_compleet"] == 40.0
    assert per_od.loc["b", "compleet"] is None and per_od.loc["b", "onderdrukt"]
    assert per_od.loc["b", "deelnemers"] == 2


def test_comparison_with_national_median_and_peer_group():
    ods = [f"od{i:02d}" for i in range(15)]
    w = pd.DataFrame({"indicator_code": ["werkprogramma"] * 15, "od_code": ods, "jaar": 2024,
                      "waarde": [float(i + 1) for i in range(15)]})
    tabel = monitoring.vergelijking(w, 2024).set_index("od_code")
    assert tabel.loc["od00", "mediaan"] == 8.0  # median of 1..15
    # terciles of 15: 5 smaller (1-5), 5 middle (6-10), 5 larger (11-15)
    assert tabel.loc["od00", "groep"] == "kleiner" and tabel.loc["od00", "groepsmediaan"] == 3.0
    assert tabel.loc["od14", "groep"] == "groter" and tabel.loc["od14", "groepsmediaan"] == 13.0
    klein = monitoring.vergelijking(w.iloc[:4], 2024)
    assert klein["mediaan"].isna().all() and klein["groepsmediaan"].isna().all()


def test_previous_edition_value_is_its_latest_year():
    huidig = pd.DataFrame({"indicator_code": ["x"], "od_code": ["a"], "waarde": [5.0]})
    vorig = pd.DataFrame({"indicator_code": ["x", "x"], "od_code": ["a", "a"], "jaar": [2021, 2022],
                          "waarde": [3.0, 4.0]})
    assert monitoring.met_vorige_editie(huidig, vorig)["vorige"].tolist() == [4.0]


def test_ilt_findings_per_theme_and_actor_and_follow_up():
    t = fixture_tabellen()
    per_thema = ilt.bevindingen_per_thema(t["ilt_bevindingen"], t["taxonomie"]).set_index("thema")
    assert per_thema.loc["Informatievoorziening en data", "aanbeveling"] == 2
    assert "sterk_punt" not in per_thema.columns  # unused types are left out
    per_actor = ilt.bevindingen_per_actor(t["ilt_bevindingen"], t["ilt_adressaten"],
                                          t["taxonomie"]).set_index("actor")
    # finding 3 is addressed to two ODs: it counts once for the category
    assert per_actor.loc["Omgevingsdiensten", "bevindingen"] == 3
    assert per_actor.loc["Gemeenten", "opvolgbaar"] == 1
    opvolging = ilt.opvolging_per_status(t).set_index("status")
    assert opvolging.loc["Afgerond", "aantal"] == 1 and opvolging.loc["Afgerond", "percentage"] == 33.3


def test_ilt_follow_up_counts_every_addressed_party_and_unrecorded_apart():
    """A recommendation to all ODs is a follow-up item of each OD of the edition; one without
    recorded follow-up is 'niet vastgelegd', never open or done; municipalities record none."""
    t = fixture_tabellen()
    t["ilt_bevindingen"] = pd.concat([t["ilt_bevindingen"], pd.DataFrame(
        [(1, "Studie X (fictief)", "2099-01-15", 4, "verbeterpunt", "informatie", None)],
        columns=t["ilt_bevindingen"].columns)], ignore_index=True)
    t["ilt_adressaten"] = pd.concat([t["ilt_adressaten"], pd.DataFrame(
        [(1, 4, "actor", "omgevingsdiensten"), (1, 4, "actor", "provincies"), (1, 4, "od", "weg")],
        columns=t["ilt_adressaten"].columns)], ignore_index=True)
    stand = ilt.opvolging_per_status(t).set_index("categorie")
    # items: (1,a) afgerond, (3,a) open, (3,b) in behandeling, (4,a), (4,b), (4,c), (4,PV1) none
    assert stand["aantal"].to_dict() == {"afgerond": 1, "niet_overgenomen": 0, "in_behandeling": 1,
                                         "open": 1, "niet_vastgelegd": 4}
    assert stand.loc["afgerond", "percentage"] == round(100 / 7, 1)
    per_partij = ilt.opvolging_per_partij(t).set_index("partij_code")
    assert per_partij.loc["a", ["afgerond", "open", "niet_vastgelegd", "totaal"]].tolist() == [1, 1, 1, 3]
    assert per_partij.loc["PV1", "partij_soort"] == "provincie" and per_partij.loc["PV1", "totaal"] == 1
    assert "weg" not in per_partij.index  # an OD not of the edition is no party of it
    kerncijfer = next(k for k in ilt.kerncijfers_ilt(t, None) if k.code == "ilt_afgerond")
    assert (kerncijfer.teller, kerncijfer.n) == (1, 7)


def test_snapshot_keeps_text_that_looks_like_a_number(tmp_path):
    schrijf_snapshot({"t": pd.DataFrame({"versie": ["2.3", "3.0"], "code": ["0363", "0014"],
                                         "n": [1, 2]})}, tmp_path, {})
    terug = lees_snapshot(tmp_path).tabellen["t"]
    assert terug["versie"].tolist() == ["2.3", "3.0"] and terug["code"].tolist() == ["0363", "0014"]
    assert terug["n"].tolist() == [1, 2]


def test_cycle_year_is_the_latest_fully_due_year():
    assert monitoring.cyclusjaar(date(2026, 6, 1)) == 2024  # the 2025 annual report is due 1 July
    assert monitoring.cyclusjaar(date(2026, 7, 2)) == 2025


def test_trend_is_written_the_dutch_way():
    from staat_van_vth.indicatoren import Kerncijfer

    cijfer = Kerncijfer("x", "X", 83.9, "%", "", "", vorige=82.1)
    assert cijfer.trend == "1,8 procentpunt hoger dan in de vorige editie (82,1 %)"


def test_vendored_interpreter_is_a_classic_script_without_bare_imports():
    import importlib.util
    from pathlib import Path

    wortel = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("vendor", wortel / "scripts" / "vendor.py")
    vendor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(vendor)
    esm = ("import { ascending, isString } from 'vega-util';\nfunction expression() {}\n"
           "export { expression as expressionInterpreter };\n")
    klassiek = vendor.classic_interpreter(esm)
    assert "import " not in klassiek and "export " not in klassiek
    assert "const { ascending, isString } = window.vega;" in klassiek
    assert "window.vegaExpressionInterpreter = expression;" in klassiek
    gevendord = (wortel / "visitatie" / "static" / "vendor" / "vega" / "vega-interpreter.js").read_text()
    assert "\nimport " not in gevendord and "window.vegaExpressionInterpreter" in gevendord


def test_visitation_coverage_per_cycle():
    from staat_van_vth import visitaties

    t = fixture_tabellen()
    dekking = visitaties.dekking(t["visitatierondes"], t["visitatiebezoeken"]).set_index("ronde")
    eerste, tweede = dekking.loc["Ronde 1 (fictief)"], dekking.loc["Ronde 2 (fictief)"]
    assert (eerste["bezocht"], eerste["voor_deadline"], eerste["niet_gepland"]) == (2, 1, 1)  # b came late
    assert (tweede["bezocht"], tweede["gepland"], tweede["niet_gepland"]) == (1, 1, 1)
    assert tweede["pct_bezocht"] == 33.3
    stand = visitaties.stand_per_od(t["visitatiebezoeken"], 2).set_index("od_code")["stand"]
    assert stand.to_dict() == {"a": "bezocht (10 januari 2099)", "b": "gepland (1 september 2099)",
                               "c": "nog niet gepland"}


def test_strong_points_and_recommendations_per_theme_from_each_ods_latest_report():
    from staat_van_vth import visitaties

    t = fixture_tabellen()
    laatste = visitaties.laatste_rapporten(t["visitatierapporten"])
    assert dict(zip(laatste["od_code"], laatste["ronde_id"], strict=True)) == {"a": 2, "b": 1}
    punten = visitaties.punten_per_thema(t["visitatie_bevindingen"], laatste, t["taxonomie"])
    # a's first report (recommendation on samenspel) is superseded by its second
    assert punten.set_index("thema").to_dict("index") == {
        "Toekomstvisie": {"sterk_punt": 1, "bevinding": 0, "aanbeveling": 2, "totaal": 3,
                          "ods_aanbeveling": 2},
        "Bestuurlijk-ambtelijk samenspel": {"sterk_punt": 1, "bevinding": 1, "aanbeveling": 0, "totaal": 2,
                                            "ods_aanbeveling": 0},
        "Ketensamenwerking": {"sterk_punt": 0, "bevinding": 0, "aanbeveling": 1, "totaal": 1,
                              "ods_aanbeveling": 1}}


def test_improvement_plans_count_done_and_overdue_on_the_reference_date():
    from staat_van_vth import visitaties

    rapporten = pd.DataFrame({"ronde_id": [1, 1], "od_code": ["a", "b"],
                              "gepubliceerd_op": ["2099-01-01", "2099-02-01"]})
    acties = pd.DataFrame(
        [(1, "a", "2099-05-31", "open"),     # overdue
         (1, "a", "2099-06-01", "lopend"),   # due on the reference date itself: not yet overdue
         (1, "a", "2099-01-01", "gereed"),   # done, so never overdue
         (1, "a", None, "open"),             # no deadline: never overdue
         (1, "a", "2098-01-01", "vervallen")],
        columns=["ronde_id", "od_code", "deadline", "status"])
    plannen = visitaties.verbeterplannen(acties, rapporten, date(2099, 6, 1)).set_index("od_code")
    assert plannen.loc["a", ["acties", "gereed", "te_laat"]].tolist() == [5, 2, 1]
    assert plannen.loc["b", ["acties", "gereed", "te_laat"]].tolist() == [0, 0, 0]  # no plan yet
    cijfers = {k.code: k for k in visitaties.kerncijfers_rapporten(
        fixture_tabellen(), None, date(2099, 6, 1), None)}
    # fixture: a's latest plan 3 actions (1 done, 1 overdue), b's 1 action (vervallen)
    assert (cijfers["visitatie_rapporten"].waarde, cijfers["verbeteracties_gereed"].waarde,
            cijfers["verbeteracties_te_laat"].waarde) == (2, 50.0, 1)


HERKOMST = pd.DataFrame(
    [("zelfevaluatie", 2024, "tv_zelf", 2026, "tv_zelf"),          # unchanged
     ("zelfevaluatie", 2024, "kc_oud", 2026, "kc_nieuw"),          # reworded, same meaning
     ("zelfevaluatie", 2026, "kc_nieuw", 2028, "kc_nieuw"),
     ("visitatiekader", 2024, "tv_oordeel", 2026, "tv_oordeel"),
     ("visitatiekader", 2024, "bs_oordeel", 2026, "bs_oordeel")],
    columns=["vragenlijst", "oude_versie", "oude_vraag", "nieuwe_versie", "nieuwe_vraag"])


def test_lineage_admits_only_matching_items():
    from staat_van_vth.visitaties import vergelijkbaar

    z24, z26, z28 = "zelfevaluatie@2024", "zelfevaluatie@2026", "zelfevaluatie@2028"
    assert vergelijkbaar(HERKOMST, (z24, "tv_zelf"), (z26, "tv_zelf"))
    assert vergelijkbaar(HERKOMST, (z24, "kc_oud"), (z28, "kc_nieuw"))  # two steps back
    assert vergelijkbaar(HERKOMST, (z26, "bs_x"), (z26, "bs_x"))
    # a new or split question (no recorded predecessor) and another questionnaire never match
    assert not vergelijkbaar(HERKOMST, (z24, "bs_zelf"), (z26, "bs_zelf_nieuw"))
    assert not vergelijkbaar(HERKOMST, (z24, "kc_oud"), (z26, "kc_oud"))
    assert not vergelijkbaar(HERKOMST, ("visitatiekader@2024", "tv_oordeel"), (z26, "tv_zelf"))


def test_lineage_table_follows_the_shipped_questionnaires():
    from staat_van_vth.load import vragen_herkomst
    from staat_van_vth.visitaties import vergelijkbaar

    herkomst = vragen_herkomst(None, None)
    oud, nieuw = "zelfevaluatie@2024", "zelfevaluatie@2026"
    assert vergelijkbaar(herkomst, (oud, "tv_zelfoordeel"), (nieuw, "tv_zelfoordeel"))
    assert vergelijkbaar(herkomst, (oud, "tv_beschrijving"), (nieuw, "tv_visie_uitvoering"))  # reworded
    assert not vergelijkbaar(herkomst, (oud, "bs_beschrijving"), (nieuw, "bs_opdrachtgeverschap"))  # split
    # new in 2026
    assert not vergelijkbaar(herkomst, (oud, "bv_informatiegestuurd"), (nieuw, "bv_informatiegestuurd"))


def test_calibration_is_a_suppressed_distribution_over_comparable_items():
    from staat_van_vth import visitaties

    def rijen(ronde, thema, versie, zelf_vraag, kader_vraag, paren):
        return [kalibratierij(ronde, thema, versie, zelf_vraag, z, kader_vraag, c) for z, c in paren]

    kalibratie = pd.DataFrame(
        rijen(1, "toekomstvisie", 2024, "tv_zelf", "tv_oordeel",
              [(2, 3), (2, 3), (3, 3), (3, 2), (1, 2), (2, 2)])
        + rijen(2, "toekomstvisie", 2026, "tv_zelf", "tv_oordeel", [(3, 3), (3, 3), (3, 3), (4, 3), (2, 3)])
        # cycle 2 asks a new self-judgement question on samenspel: cycle 1's answers do not compare
        + rijen(1, "samenspel", 2024, "bs_zelf", "bs_oordeel", [(2, 2)] * 5)
        + rijen(2, "samenspel", 2026, "bs_zelf_nieuw", "bs_oordeel", [(2, 3)] * 4),
        columns=KALIBRATIEKOLOMMEN)
    rondes = pd.DataFrame({"ronde_id": [2, 1], "naam": ["R2", "R1"], "start": ["2098-01-01", "2096-01-01"]})
    uit = visitaties.kalibratie_verdeling(kalibratie, HERKOMST, rondes, fixture_tabellen()["taxonomie"])
    tabel = [tuple(r) for r in uit[["thema", "ronde", "visitaties", "hoger", "gelijk", "lager",
                                    "niet_vergelijkbaar", "onderdrukt"]].itertuples(index=False)]
    assert tabel == [("Toekomstvisie", "R1", 6, 3, 2, 1, 0, False),
                     ("Toekomstvisie", "R2", 5, 1, 3, 1, 0, False),
                     ("Bestuurlijk-ambtelijk samenspel", "R1", 0, None, None, None, 5, True),
                     ("Bestuurlijk-ambtelijk samenspel", "R2", 4, None, None, None, 0, True)]
    assert "od_code" not in uit.columns


def test_the_population_folds_merged_services_into_their_successor():
    """n and m merged into nm: their counts of the year before are summed (only when both
    reported, never a percentage), nm is visited once both were, their other rows go."""
    from staat_van_vth.indicatoren import populatie

    t = {"omgevingsdiensten": pd.DataFrame({"code": ["a", "nm"]}),
         "omgevingsdiensten_register": pd.DataFrame({"code": ["a", "n", "m", "nm"],
                                                     "opvolger_code": [None, "nm", "nm", None]}),
         "indicatoren": pd.DataFrame({"code": ["fte", "pct"], "eenheid": ["fte", "%"]}),
         "waarnemingen": pd.DataFrame({
             "indicator_code": ["fte", "fte", "fte", "fte", "pct", "pct"],
             "od_code": ["a", "n", "m", "n", "n", "m"], "jaar": [2023, 2023, 2023, 2022, 2023, 2023],
             "waarde": [5.0, 2.0, 3.0, 1.0, 50.0, 60.0], "kwaliteit": "", "fictief": True}),
         "visitatiebezoeken": pd.DataFrame({
             "ronde_id": [1, 1, 1, 2, 2], "od_code": ["a", "n", "m", "n", "m"],
             "bezocht_op": ["2023-01-01", "2023-02-01", "2023-03-01", "2023-04-01", None],
             "gepland": ["2023-01-01", "2023-02-01", "2023-03-01", "2023-04-01", "2024-05-01"]}),
         "robuustheid": pd.DataFrame({"od_code": ["a", "n"], "beoordeling_id": [1, 2]}),
         "fusies": pd.DataFrame({"code": ["n", "m"], "opvolger_code": ["nm", "nm"]})}
    p = populatie(t)
    waarden = {(r.indicator_code, r.od_code, r.jaar): r.waarde for r in p["waarnemingen"].itertuples()}
    assert waarden == {("fte", "a", 2023): 5.0, ("fte", "nm", 2023): 5.0}
    bezoeken = {(r.ronde_id, r.od_code): (r.bezocht_op if pd.notna(r.bezocht_op) else None, r.gepland)
                for r in p["visitatiebezoeken"].itertuples()}
    assert bezoeken == {(1, "a"): ("2023-01-01", "2023-01-01"), (1, "nm"): ("2023-03-01", "2023-03-01"),
                        (2, "nm"): (None, "2024-05-01")}
    assert list(p["robuustheid"]["od_code"]) == ["a"]
    assert p["fusies"].equals(t["fusies"])  # about merged services on purpose
