"""Benchmark of the visitation planner (run: .venv/bin/python bench/planning.py [--groot-seconden 60]).

Prints, for the demo-sized cycle (29 ODs, ~114 persons, Oct 2022 - Dec 2024) and a synthetic
European-scale case (300 organisations, 1,000 persons): solve time, optimality, time to a first
feasible plan and the gap at the time limit. Baseline in the same run: a greedy first-fit planner
(what a spreadsheet-and-rules-of-thumb approach does), checked by the same independent checker."""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from resultaten import schrijf_resultaten  # noqa: E402  (bench/ is on sys.path)

from visitatie.planning.controle import controleer  # noqa: E402
from visitatie.planning.gulzig import doelen_van, gulzig_plan  # noqa: E402
from visitatie.planning.ontleed import datumgrens, gewogen, los_op_ontleed  # noqa: E402
from visitatie.planning.solver import los_op  # noqa: E402
from visitatie.planning.synthetisch import synthetische_opgave  # noqa: E402
from visitatie.planning.typen import Plan  # noqa: E402


def gulzig(opgave):
    bezoeken = gulzig_plan(opgave)
    return bezoeken, doelen_van(opgave, bezoeken)["grootste_belasting"]


def meet(naam, opgave, tijdslimiet, workers, max_kandidaten=None, startplan=None):
    """One run of the exact planner; besides wall time its process CPU time (all solver
    threads), which other load on a shared machine does not inflate."""
    begin, cpu = time.perf_counter(), time.process_time()
    eerste = []
    uit = los_op(opgave, tijdslimiet=tijdslimiet, workers=workers, max_kandidaten=max_kandidaten,
                 startplan=startplan,
                 voortgang=lambda p, t: eerste.append(time.perf_counter() - begin) if "verbeterd" in t
                 else None)
    cpu = time.process_time() - cpu
    if not isinstance(uit, Plan):
        print(f"{naam:44} onhaalbaar na {uit.seconden:.1f} s: {uit.redenen[:2]}")
        return {"status": "onhaalbaar", "seconden": round(uit.seconden, 2), "cpu_s": round(cpu, 2)}
    gat = abs(uit.doelwaarde - uit.ondergrens) / max(abs(uit.doelwaarde), 1)
    fouten = len(controleer(opgave, uit.bezoeken))
    eerste_s = eerste[0] if eerste else 0
    print(f"{naam:44} {uit.status:9} totaal {uit.seconden:6.1f} s (cpu {cpu:5.1f} s)"
          f"  eerste plan {eerste_s:6.1f} s"
          f"  gat {gat:7.2%}  grootste belasting {uit.doel['grootste_belasting']}"
          f"  rekenrondes {uit.rekenrondes}  overtredingen {fouten}")
    return {"status": uit.status, "seconden": round(uit.seconden, 2), "cpu_s": round(cpu, 2),
            "gat": round(gat, 4), "overtredingen": fouten, "doel": uit.doel}


def basislijn(naam, opgave):
    begin = time.perf_counter()
    bezoeken = gulzig_plan(opgave)
    duur = time.perf_counter() - begin
    fouten = controleer(opgave, bezoeken)
    doel = doelen_van(opgave, bezoeken)
    print(f"{naam:44} gulzig    totaal {duur:6.1f} s  {len(bezoeken)}/{len(opgave.ods)} ODs gepland"
          f"  grootste belasting {doel['grootste_belasting']}  overtredingen {len(fouten)}")
    return {"seconden": round(duur, 2), "gepland": len(bezoeken), "ods": len(opgave.ods),
            "overtredingen": len(fouten), "doel": doel}


def ontleed(naam, opgave, tijdslimiet, gulzig_doel):
    """The decomposed planner against the greedy baseline of the same run, per objective."""
    cpu = time.process_time()
    uit = los_op_ontleed(opgave, tijdslimiet=tijdslimiet, workers=2)
    cpu = time.process_time() - cpu
    if not isinstance(uit, Plan):
        print(f"{naam:44} onhaalbaar na {uit.seconden:.1f} s: {uit.redenen[:2]}")
        return {"status": "onhaalbaar", "seconden": round(uit.seconden, 2)}
    fouten = len(controleer(opgave, uit.bezoeken))
    gat = abs(uit.doelwaarde - uit.ondergrens) / max(abs(uit.doelwaarde), 1)
    beter = {k: _verhouding(k, uit.doel[k], gulzig_doel[k]) for k in gulzig_doel}
    print(f"{naam:44} {uit.status:9} totaal {uit.seconden:6.1f} s (cpu {cpu:5.1f} s)  gat {gat:7.2%}"
          f"  overtredingen {fouten}")
    for k, v in uit.doel.items():
        if k in gulzig_doel:
            print(f"    {k:26} ontleed {v:5}  gulzig {gulzig_doel[k]:5}  grens {uit.grenzen.get(k, '-')}")
    return {"status": uit.status, "seconden": round(uit.seconden, 2), "cpu_s": round(cpu, 2),
            "gat": round(gat, 6), "overtredingen": fouten, "doel": uit.doel, "grenzen": uit.grenzen,
            "verhouding_tot_gulzig": beter}


def gat_zonder_waarborg(opgave, ontleed_uit):
    """The gap to the bound of all plans, not only those no worse than greedy: the counts model
    without the guard bounds spreading and lateness; the member terms keep their own bounds."""
    if "grenzen" not in ontleed_uit:
        return None
    grens = datumgrens(opgave, tijdslimiet=20, workers=2)
    if grens is None:
        return None
    ondergrens = dict(ontleed_uit["grenzen"], ongelijke_spreiding=grens[0], dicht_bij_deadline=grens[1])
    waarde, onder = gewogen(opgave, ontleed_uit["doel"]), gewogen(opgave, ondergrens)
    print(f"    zonder waarborg: grens spreiding {grens[0]}, te laat {grens[1]} (bewezen: {grens[2]}),"
          f" gat {abs(waarde - onder) / max(abs(waarde), 1):.2%}")
    return {"grens_spreiding": grens[0], "grens_laat": grens[1], "bewezen": grens[2],
            "gat": round(abs(waarde - onder) / max(abs(waarde), 1), 6)}


def _verhouding(term, ons, gulzig):
    """Greedy's value over ours where lower is better, ours over greedy's for coverage: above
    1 is better than greedy, 1 is equal (both 0 counts as equal)."""
    teller, noemer = (ons, gulzig) if term == "expertisedekking" else (gulzig, ons)
    if noemer == 0:
        return 1.0 if teller == 0 else None
    return round(teller / noemer, 3)


def demo_opgaven():
    """The real demo cycles (reference data + fictitious pool), built in a temporary SQLite file."""
    import tempfile

    from sqlmodel import Session

    from visitatie import db as database
    from visitatie.bronnen import REFERENTIEDATA
    from visitatie.planning.demo import maak_pool, maak_rondes
    from visitatie.planning.operations import opgave_voor_ronde
    from visitatie.register.operations import laad_referentie

    with tempfile.TemporaryDirectory() as map_:
        url = f"sqlite:///{map_}/bench.sqlite"
        database.upgrade(url)
        engine = database.make_engine(url)
        with Session(engine) as db:
            laad_referentie(db, map_=REFERENTIEDATA)
            maak_pool(db)
            rondes = maak_rondes(db)
            opgaven = [(r.naam, opgave_voor_ronde(db, r)) for r in rondes]
        engine.dispose()
    return opgaven


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groot-seconden", type=float, default=60)
    parser.add_argument("--zonder-groot", action="store_true")
    parser.add_argument("--alleen-groot", action="store_true")
    parser.add_argument("--zonder-exact-groot", action="store_true",
                        help="skip the single CP-SAT model on the large case (it finds no plan)")
    args = parser.parse_args()
    print(f"CPU's: {os.cpu_count()}, load average {os.getloadavg()}")
    uit = {"cpus": os.cpu_count(), "load_begin": os.getloadavg(), "demo": {}}
    for naam, opgave in ([] if args.alleen_groot else demo_opgaven()):
        kort = f"demo {naam}: {len(opgave.ods)} OD's / {len(opgave.personen)} personen"
        uit["demo"][naam] = {"gulzig": basislijn(kort, opgave),
                             "1 worker": meet(kort + ", 1 worker", opgave, 60, 1),
                             "2 workers": meet(kort + ", 2 workers", opgave, 60, 2)}
    demo = synthetische_opgave(29, 114, seed=1, start=date(2022, 10, 3), deadline=date(2024, 12, 31))
    if not args.alleen_groot:
        uit["synthetisch_29"] = {
            "gulzig": basislijn("synthetisch 29 OD's / 114 personen", demo),
            "1 worker": meet("synthetisch 29/114, 1 worker (reproduceerbaar)", demo, 60, 1),
            "2 workers": meet("synthetisch 29/114, 2 workers", demo, 60, 2)}
    if not args.zonder_groot:
        uit["europees"] = europees(args)
    uit["load_eind"] = os.getloadavg()
    schrijf_resultaten("planning", uit)


def grote_opgave():
    groot = synthetische_opgave(300, 1000, seed=1, start=date(2025, 1, 6), deadline=date(2026, 12, 31),
                                max_per_week=4)
    # Four visits per person at most: with three, the 100 chairs would have to fill all 300 chair
    # seats exactly, and pruning to 10 candidates per role makes that infeasible.
    return replace(groot, commissie={"voorzitter": 1, "peer": 2, "bestuurder": 1, "secretaris": 1},
                   personen=tuple(replace(p, max_bezoeken=4) for p in groot.personen))


def europees(args) -> dict:
    groot = grote_opgave()
    naam = "Europese schaal 300 org. / 1.000 personen"
    uit = {"gulzig": basislijn(naam, groot)}
    uit["ontleed"] = ontleed("  ontleed (weken, dan leden), 2 workers", groot, args.groot_seconden,
                             uit["gulzig"]["doel"])
    uit["load_na_ontleed"] = os.getloadavg()
    uit["ontleed"]["gat_zonder_waarborg"] = gat_zonder_waarborg(groot, uit["ontleed"])
    if not args.zonder_exact_groot:
        uit["exact"] = meet("  één CP-SAT-model, 30 kandidaten/rol", groot, args.groot_seconden, 2,
                            max_kandidaten=30)
    return uit


if __name__ == "__main__":
    main()
