"""The Staat van VTH report pipeline: load (database -> tidy tables, frozen in a snapshot) ->
indicators (pure pandas) -> charts (altair) -> render (Markdown -> HTML -> PDF / DOCX, open data).

Usable without the web app: `vth staat build --editie 2026 --uit DIR [--snapshot DIR]`
(or `--edition`/`--out`).
Reads the data model; knows nothing of the web layer."""

__all__ = ["BouwResultaat", "bouw_editie"]


def __getattr__(naam: str):
    """`bouw_editie` and `BouwResultaat` on first use: importing a small part of the pipeline (the
    build cache in a council summary's PDF worker) does not load all of it (pandas, altair)."""
    if naam in __all__:
        from staat_van_vth import bouw

        return getattr(bouw, naam)
    raise AttributeError(f"module {__name__!r} has no attribute {naam!r}")
