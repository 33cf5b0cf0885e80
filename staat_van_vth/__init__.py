"""The Staat van VTH report pipeline: load (database -> tidy tables, frozen in a snapshot) ->
indicators (pure pandas) -> charts (altair) -> render (Markdown -> HTML -> PDF / DOCX, open data).

Usable without the web app: `vth staat build --editie 2026 --uit DIR [--snapshot DIR]`
(or `--edition`/`--out`).
Reads the data model; knows nothing of the web layer."""

from staat_van_vth.bouw import BouwResultaat, bouw_editie

__all__ = ["BouwResultaat", "bouw_editie"]
