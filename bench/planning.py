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
from collections import Counter
from dataclasses import replace
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from visitatie.planning.capaciteit import is_kandidaat, startdagen_van, week_van  # noqa: E402
from visitatie.planning.controle import controleer  # noqa: E402
from visitatie.planning.solver import los_op  # noqa: E402
from visitatie.planning.synthetisch import synthetische_opgave  # noqa: E402
from visitatie.planning.typen import Bezoek, Plan  # noqa: E402


def gulzig(opgave):
    """First fit: ODs in order, earliest week with room, least-loaded free candidates."""
    last, bezet_week, landelijk, bezoeken = Counter(), set(), Counter(), []
    personen = {p.id: p for p in opgave.personen}
    for vraag in opgave.ods:
        for dag in startdagen_van(opgave, vraag):
            w = week_van(dag)
            if landelijk[w] >= opgave.max_per_week:
                continue
            leden = []
            for rol, aantal in opgave.commissie.items():
                vrij = sorted((p for p in personen.values()
                               if is_kandidaat(opgave, p, vraag.od, rol) and (p.id, w) not in bezet_week
                               and last[p.id] < p.max_bezoeken and p.id not in {x for _, x in leden}),
                              key=lambda p: (last[p.id], p.id))
                leden += [(rol, p.id) for p in vrij[:aantal]]
            if len(leden) == sum(opgave.commissie.values()):
                for _, p in leden:
                    last[p] += 1
                    bezet_week.add((p, w))
                landelijk[w] += 1
                bezoeken.append(Bezoek(vraag.od, dag, tuple(sorted(leden))))
                break
    return bezoeken, max(last.values(), default=0)


def meet(naam, opgave, tijdslimiet, workers, max_kandidaten=None, startplan=None):
    begin = time.perf_counter()
    eerste = []
    uit = los_op(opgave, tijdslimiet=tijdslimiet, workers=workers, max_kandidaten=max_kandidaten,
                 startplan=startplan,
                 voortgang=lambda p, t: eerste.append(time.perf_counter() - begin) if "verbeterd" in t
                 else None)
    if isinstance(uit, Plan):
        gat = abs(uit.doelwaarde - uit.ondergrens) / max(abs(uit.doelwaarde), 1)
        fouten = len(controleer(opgave, uit.bezoeken))
        eerste_s = eerste[0] if eerste else 0
        print(f"{naam:44} {uit.status:9} totaal {uit.seconden:6.1f} s  eerste plan {eerste_s:6.1f} s"
              f"  gat {gat:7.2%}  grootste belasting {uit.doel['grootste_belasting']}"
              f"  rekenrondes {uit.rekenrondes}  overtredingen {fouten}")
    else:
        print(f"{naam:44} onhaalbaar na {uit.seconden:.1f} s: {uit.redenen[:2]}")


def basislijn(naam, opgave):
    begin = time.perf_counter()
    bezoeken, last = gulzig(opgave)
    duur = time.perf_counter() - begin
    fouten = controleer(opgave, bezoeken)
    print(f"{naam:44} gulzig    totaal {duur:6.1f} s  {len(bezoeken)}/{len(opgave.ods)} ODs gepland"
          f"  grootste belasting {last}  overtredingen {len(fouten)}")


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
    args = parser.parse_args()
    print(f"CPU's: {os.cpu_count()}")
    for naam, opgave in ([] if args.alleen_groot else demo_opgaven()):
        kort = f"demo {naam}: {len(opgave.ods)} OD's / {len(opgave.personen)} personen"
        basislijn(kort, opgave)
        meet(kort + ", 1 worker", opgave, 60, 1)
        meet(kort + ", 2 workers", opgave, 60, 2)
    demo = synthetische_opgave(29, 114, seed=1, start=date(2022, 10, 3), deadline=date(2024, 12, 31))
    if not args.alleen_groot:
        basislijn("synthetisch 29 OD's / 114 personen", demo)
        meet("synthetisch 29/114, 1 worker (reproduceerbaar)", demo, 60, 1)
        meet("synthetisch 29/114, 2 workers", demo, 60, 2)
    if args.zonder_groot:
        return
    groot = synthetische_opgave(300, 1000, seed=1, start=date(2025, 1, 6), deadline=date(2026, 12, 31),
                                max_per_week=4)
    # Four visits per person at most: with three, the 100 chairs would have to fill all 300 chair
    # seats exactly, and pruning to 10 candidates per role makes that infeasible.
    groot = replace(groot, commissie={"voorzitter": 1, "peer": 2, "bestuurder": 1, "secretaris": 1},
                    personen=tuple(replace(p, max_bezoeken=4) for p in groot.personen))
    basislijn("Europese schaal 300 org. / 1.000 personen", groot)
    meet("Europese schaal, 2 workers, 30 kandidaten/rol", groot, args.groot_seconden, 2, max_kandidaten=30)
    meet("  idem, gulzig plan als hint", groot, args.groot_seconden, 2, max_kandidaten=30,
         startplan=gulzig(groot)[0])


if __name__ == "__main__":
    main()
