"""The edition computed in parts: each chapter (and the key figures of each chapter) declares the
snapshot tables it reads (`Hoofdstuk.leest`), sees only those (`Tabellen`), and is kept in the
build cache under the content of exactly those rows, so after one OD's data change only the
parts that read a changed table are computed again (`Bouwcache.gemaakt` lists them as
"hoofdstukken/…" and "kerncijfers/…").

A key names: the part, the content of the tables it reads (this edition's and the previous
one's), the edition's plain values (year, reference dates, period, the editor's text), what it
inherits from the parts before it (its first figure number) and the pipeline's own source, its
templates and questionnaire definitions (`code_sleutel`), so a changed program is a new key."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import pandas as pd

from staat_van_vth.bouwcache import code_sleutel, sleutel


class NietGedeclareerd(RuntimeError):
    """A part read a table it does not name in its `leest`: its cache key would miss it."""


class Tabellen(Mapping):
    """The snapshot's tables as one part sees them: only those it declared. Reading another
    (also with `get` or `in`) is an error, never a silent None, so the declaration stays true."""

    def __init__(self, tabellen: Mapping[str, pd.DataFrame], namen: Iterable[str], deel: str):
        self._tabellen, self._namen, self._deel = tabellen, frozenset(namen), deel

    def _mag(self, naam: str) -> None:
        if naam not in self._namen:
            raise NietGedeclareerd(f"{self._deel} leest de tabel '{naam}' maar noemt haar niet "
                                   "in zijn leest (staat_van_vth/hoofdstukken.py)")

    def __getitem__(self, naam: str) -> pd.DataFrame:
        self._mag(naam)
        return self._tabellen[naam]

    def get(self, naam: str, default=None):
        self._mag(naam)
        return self._tabellen.get(naam, default)

    def __contains__(self, naam: object) -> bool:
        self._mag(str(naam))
        return naam in self._tabellen

    def __iter__(self) -> Iterator[str]:
        return (naam for naam in self._tabellen if naam in self._namen)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __bool__(self) -> bool:  # as the whole dict: "is there a previous edition"
        return bool(self._tabellen)


def beperk(tabellen: Mapping[str, pd.DataFrame] | None, namen: Iterable[str],
           deel: str) -> Tabellen | None:
    return None if tabellen is None else Tabellen(tabellen, namen, deel)


def tabel_sleutel(df: pd.DataFrame) -> str:
    """The content of one table: its columns with their types and every row's values. pandas
    hashes an object column's values as text, so 1 and "1" (or a date and its ISO text) would
    hash alike: the values' inferred type is part of the key too."""
    rijen = pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes()
    kop = repr([(str(k), str(t), pd.api.types.infer_dtype(df[k], skipna=True) if t == "object" else "")
                for k, t in df.dtypes.items()])
    return sleutel("tabel", kop, rijen)


class Tabelsleutels:
    """Each table's key, computed once per build (a part asks only for those it reads)."""

    def __init__(self, tabellen: Mapping[str, pd.DataFrame] | None):
        self._tabellen, self._sleutels = tabellen, {}

    def van(self, namen: Iterable[str]) -> list[str]:
        if self._tabellen is None:
            return ["geen"]
        return [f"{naam}={self._een(naam)}" for naam in sorted(namen)]

    def _een(self, naam: str) -> str:
        if naam not in self._sleutels:
            df = self._tabellen.get(naam)
            self._sleutels[naam] = "ontbreekt" if df is None else tabel_sleutel(df)
        return self._sleutels[naam]


def deel_sleutel(soort: str, naam: str, *delen: str) -> str:
    return sleutel(soort, naam, code_sleutel(), *delen)

