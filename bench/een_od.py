"""The "one OD's data change" the benchmarks rebuild after: one monitoring figure of one OD in
the latest year, raised by one (the same change for the Staat and the council summaries)."""

from __future__ import annotations

import pandas as pd


def wijzig_een_od(tabellen: dict[str, pd.DataFrame]) -> tuple[str, dict[str, pd.DataFrame]]:
    """(the OD's code, the tables with that one value changed); the input stays as it was."""
    waarnemingen = tabellen["waarnemingen"].copy()
    gevuld = waarnemingen[waarnemingen["waarde"].notna()]
    od = sorted(gevuld["od_code"])[0]
    rij = gevuld[gevuld["od_code"] == od].sort_values(["jaar", "indicator_code"]).index[-1]
    waarnemingen.loc[rij, "waarde"] = waarnemingen.loc[rij, "waarde"] + 1
    return od, {**tabellen, "waarnemingen": waarnemingen}
