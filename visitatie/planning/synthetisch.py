"""Synthetic cycles for tests and benchmarks (fictitious people; reproducible by seed)."""

from __future__ import annotations

import random
from datetime import date

from visitatie.planning.feestdagen import feestdagen_tussen
from visitatie.planning.typen import OdVraag, Opgave, Persoon

EXPERTISE = ("handhaving", "vergunningverlening", "toezicht", "bedrijfsvoering", "bestuur",
             "ketensamenwerking", "informatiegestuurd werken", "Seveso")


def synthetische_opgave(n_od: int, n_personen: int, *, seed: int = 0, start: date = date(2025, 1, 6),
                        deadline: date = date(2026, 12, 31), max_per_week: int = 2) -> Opgave:
    """A feasible-looking cycle: about 20% external persons (chairs, secretaries), the rest
    spread over the ODs as peers and administrators."""
    rnd = random.Random(seed)
    ods = tuple(OdVraag(f"od{i:03}", f"OD {i:03} (fictief)", start, deadline) for i in range(n_od))
    personen = []
    for i in range(n_personen):
        extern = i % 5 == 0
        if extern:
            rollen = frozenset({"voorzitter"} if i % 10 == 0 else {"secretaris"})
            od = None
        else:
            rollen = frozenset({"peer"} if i % 5 in (1, 2, 3) else {"bestuurder"})
            od = ods[rnd.randrange(n_od)].od
        personen.append(Persoon(f"p{i:04}", f"Persoon {i} (fictief)", od, rollen,
                                frozenset(rnd.sample(EXPERTISE, 2)), 3))
    return Opgave(start, deadline, ods, tuple(personen), max_per_week=max_per_week,
                  feestdagen=frozenset(feestdagen_tussen(start, deadline)))
