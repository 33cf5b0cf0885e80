"""Growing a database tenfold for the query-count proof (issue 9): nine copies of chosen rows,
each copy with new ids and with its foreign keys pointing at the copies of its parents.

`kloon(engine, ["ilt_studie", "ilt_bevinding"])` copies every study nine times and every
finding with it (under the copied study). A foreign key to a table outside the list keeps its
value, so `kloon(engine, ["ilt_bevinding"])` gives each study ten times as many findings.
`wijzig` changes the columns a unique constraint would otherwise refuse."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, insert, select, text
from sqlmodel import SQLModel

import visitatie.models  # noqa: F401 - registers every table in the metadata

KOPIEEN = 9  # nine copies next to the original: ten times as much
Wijziging = Callable[[dict, int], dict]


def kloon(engine, tabellen: list[str], wijzig: dict[str, Wijziging] | None = None) -> None:
    wijzig = wijzig or {}
    volgorde = [t for t in SQLModel.metadata.sorted_tables if t.name in tabellen]
    assert len(volgorde) == len(tabellen), f"onbekende tabel in {tabellen}"
    with engine.begin() as conn:
        originelen = {t.name: [dict(r._mapping) for r in conn.execute(select(t).order_by(t.c.id))]
                      for t in volgorde}
        for kopie in range(1, KOPIEEN + 1):
            nieuw_id: dict[str, dict[int, int]] = {}
            for t in volgorde:
                nieuw_id[t.name] = _kopieer(conn, t, originelen[t.name], kopie, nieuw_id,
                                            wijzig.get(t.name, lambda rij, _k: rij))
        if engine.dialect.name == "postgresql":
            for naam in tabellen:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{naam}\"', 'id'), "
                                  f"(SELECT max(id) FROM \"{naam}\"))"))


def _kopieer(conn, t, rijen: list[dict], kopie: int, nieuw_id: dict[str, dict[int, int]],
             wijzig: Wijziging) -> dict[int, int]:
    """Insert one copy of `rijen`; returns old id -> new id."""
    volgend = conn.execute(select(func.max(t.c.id))).scalar() or 0
    ouders = {fk.parent.name: fk.column.table.name for fk in t.foreign_keys
              if fk.column.table.name in nieuw_id}
    vertaling: dict[int, int] = {}
    kopieen = []
    for rij in rijen:
        volgend += 1
        vertaling[rij["id"]] = volgend
        sleutels = {kolom: nieuw_id[ouder][rij[kolom]] for kolom, ouder in ouders.items()
                    if rij[kolom] is not None}
        kopieen.append(wijzig({**rij, **sleutels, "id": volgend}, kopie))
    if kopieen:
        conn.execute(insert(t), kopieen)
    return vertaling
