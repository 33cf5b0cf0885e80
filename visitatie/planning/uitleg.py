"""Why each member sits on a committee: role, load, expertise, and why the others did not."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from visitatie.planning.capaciteit import heeft_conflict, mag_rol, week_van
from visitatie.planning.typen import Bezoek, Opgave


def leg_uit(opgave: Opgave, bezoeken: list[Bezoek]) -> dict[tuple[str, str, str], str]:
    personen = {p.id: p for p in opgave.personen}
    vragen = {v.od: v for v in opgave.ods}
    last = Counter(p for b in bezoeken for _, p in b.leden)
    weken = defaultdict(set)
    for b in bezoeken:
        for _, p in b.leden:
            weken[p].add(week_van(b.eerste_dag))
    uit = {}
    for b in bezoeken:
        leden = {p for _, p in b.leden}
        if vragen[b.od].gehouden:
            uit.update({(b.od, rol, pid): f"{rol}; gehouden bezoek (vaststaand)" for rol, pid in b.leden})
            continue
        for rol, pid in b.leden:
            persoon = personen[pid]
            gewenst = vragen[b.od].gewenste_expertise
            match = sorted(persoon.expertise & gewenst) if gewenst else sorted(persoon.expertise)
            redenen = Counter()
            for ander in opgave.personen:
                if ander.id in leden or not mag_rol(ander, rol):
                    continue
                if heeft_conflict(opgave, ander, b.od):
                    redenen["met belangenconflict"] += 1
                elif ander.afwezig_op(b.eerste_dag) or ander.afwezig_op(b.eerste_dag + timedelta(days=1)):
                    redenen["afwezig"] += 1
                elif week_van(b.eerste_dag) in weken[ander.id]:
                    redenen["die week al ingezet"] += 1
                elif last[ander.id] >= ander.max_bezoeken:
                    redenen["op hun maximum"] += 1
                else:
                    redenen["beschikbaar maar niet gekozen (gelijkere verdeling of expertise)"] += 1
            tekst = f"{rol}; belasting {last[pid]} van {persoon.max_bezoeken}"
            tekst += f"; expertise: {', '.join(match)}" if match else "; geen gevraagde expertise"
            if redenen:
                tekst += "; andere kandidaten: " + ", ".join(f"{n} {r}" for r, n in redenen.items())
            uit[(b.od, rol, pid)] = tekst
    return uit
