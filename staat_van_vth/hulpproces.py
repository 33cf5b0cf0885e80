"""A second process for the build's work that holds Python's interpreter lock all the while:
drawing the charts (vl-convert) and laying out the PDF's parts (WeasyPrint). A thread would only
wait for the lock; a process uses the machine's second core.

`Werk` is one queue that both processes take from: the helper takes the next task as soon as it
has given back the last, the build's own process runs waiting tasks whenever it waits for a
result (`Werk.wacht`), so neither sits idle while the other has work. A task gives the same bytes
whichever process runs it (the tests compare them), so the build does not depend on who was faster.

The helper is started with `subprocess` (`python -m staat_van_vth.hulpproces`), not with
multiprocessing: spawning would import the caller's main module again (every script that calls
`bouw_editie` would need a `__main__` guard) and forking would copy a web server's threads. It
reads (task, arguments) pickled from its stdin and writes (True, result) or (False, traceback)
to its stdout; only the tasks named in TAKEN can be asked for. It lives for one build: started
when the build begins (`with Werk() as werk`), so it loads its libraries while the build
computes its first chapters, at a lower priority than the build (`BESCHEIDENHEID`). On a
machine with one core, or when the helper cannot start or dies, the build's own process does
every task itself; a task that fails in the helper is run again here, so its error is raised
where the build can report it."""

from __future__ import annotations

import importlib
import os
import pickle
import subprocess
import sys
import threading
import traceback
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, InvalidStateError
from concurrent.futures import wait as wacht_op
from pathlib import Path

# What a task name calls: "module:function". Nothing else is called from the pipe.
TAKEN = {
    "svg": "vl_convert:vegalite_to_svg",
    "png": "vl_convert:svg_to_png",
    "pdf-deel": "staat_van_vth.render:pdf_deel",
    "pdf-paginas": "staat_van_vth.render:paginas_deel",
    "paginanummers": "staat_van_vth.render:paginanummers",
}
VOORAF = ("vl_convert", "weasyprint", "staat_van_vth.render")  # imported while the build computes
# The helper's priority below the build's (nice): after a small change the build lays out its
# few parts before the helper has loaded its libraries, and pandoc, making the DOCX meanwhile,
# should not wait for a helper that will have nothing to do.
BESCHEIDENHEID = 5

Taak = tuple[Future, str, tuple]


def _functie(taak: str):
    module, _, naam = TAKEN[taak].partition(":")
    return getattr(importlib.import_module(module), naam)


def kernen() -> int:
    """The cores this process may run on (not all the machine has, under a CPU affinity)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Werk:
    """Tasks for this process and the helper (see the module's docstring). `hulp`: start the
    helper (by default when this process may use two cores or more)."""

    def __init__(self, *, hulp: bool | None = None):
        self._wachtrij: deque[Taak] = deque()
        self._slot = threading.Condition()
        self._open = True
        self._hulp = kernen() >= 2 if hulp is None else hulp
        self._draad: threading.Thread | None = None
        self._proces: subprocess.Popen | None = None
        self.door_hulp: list[str] = []  # the tasks the helper ran, by name

    def geef(self, taak: str, *argumenten) -> Future:
        """Queue `taak` (a name in TAKEN) with its arguments; its result comes in the Future."""
        if taak not in TAKEN:
            raise KeyError(f"onbekende taak {taak!r}")
        toekomst: Future = Future()
        with self._slot:
            self._wachtrij.append((toekomst, taak, argumenten))
            self._slot.notify()
        return toekomst

    def wacht(self, toekomsten: Iterable[Future]) -> list:
        """The results of `toekomsten` in order, running waiting tasks in this process meanwhile
        (only the thread that calls this runs tasks here)."""
        toekomsten = list(toekomsten)
        for toekomst in toekomsten:
            while not toekomst.done():
                volgende = self._pak(wachten=False)
                if volgende is None:  # the helper is running it (or gives it back when it dies)
                    wacht_op([toekomst], timeout=0.5)
                else:
                    _voer_uit(volgende)
        return [t.result() for t in toekomsten]

    def annuleer(self) -> None:
        """Cancel every task still waiting (a build that failed: whoever waits for one of them
        gets a CancelledError instead of waiting for ever)."""
        while (over := self._pak(wachten=False)) is not None:
            over[0].cancel()

    def sluit(self) -> None:
        """Stop the helper at once (it holds nothing but its answer to a task; a task it was
        given back is cancelled with what is still waiting: after a build every result has
        been waited for)."""
        with self._slot:
            self._open = False
            self._slot.notify_all()
        if self._proces is not None:
            self._proces.terminate()
        if self._draad is not None:
            self._draad.join()
        self.annuleer()
        if self._proces is not None:
            self._proces.stdin.close()
            self._proces.wait()
            self._proces.stdout.close()

    def __enter__(self) -> Werk:
        """Start the helper now: it loads its libraries (0.7 s) while the build computes."""
        if self._hulp and self._draad is None:
            self._start()
        return self

    def __exit__(self, *_fout) -> None:
        self.sluit()

    def _pak(self, *, wachten: bool) -> Taak | None:
        with self._slot:
            while wachten and self._open and not self._wachtrij:
                self._slot.wait()
            return self._wachtrij.popleft() if self._wachtrij else None

    def _start(self) -> None:
        wortel = str(Path(__file__).resolve().parent.parent)
        omgeving = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (wortel, os.environ.get("PYTHONPATH")) if p)}
        try:
            self._proces = subprocess.Popen([sys.executable, "-m", "staat_van_vth.hulpproces"],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            env=omgeving)
        except OSError:
            self._hulp = False
            return
        self._draad = threading.Thread(target=self._voor_de_hulp, name="staat-hulpproces",
                                       daemon=True)
        self._draad.start()

    def _voor_de_hulp(self) -> None:
        """Hand the helper one task at a time, once it has started (until then this process
        takes every task), until the queue is closed and empty."""
        try:
            pickle.load(self._proces.stdout)
        except (OSError, EOFError, pickle.UnpicklingError):
            return
        while (taak := self._pak(wachten=True)) is not None:
            toekomst, naam, argumenten = taak
            if toekomst.cancelled():
                continue
            try:
                pickle.dump((naam, argumenten), self._proces.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self._proces.stdin.flush()
                gelukt, waarde = pickle.load(self._proces.stdout)
            except (OSError, EOFError, pickle.UnpicklingError):  # the helper is gone
                self._terug(taak)
                return
            if not gelukt:  # run here again: its error then comes from this process
                self._terug(taak)
                continue
            self.door_hulp.append(naam)
            _geef_uitkomst(toekomst, waarde)

    def _terug(self, taak: Taak) -> None:
        with self._slot:
            self._wachtrij.appendleft(taak)
            self._slot.notify_all()


def _voer_uit(taak: Taak) -> None:
    toekomst, naam, argumenten = taak
    if toekomst.cancelled():
        return
    try:
        waarde = _functie(naam)(*argumenten)
    except BaseException as fout:  # noqa: BLE001 - given to whoever waits for the result
        _geef_uitkomst(toekomst, fout=fout)
    else:
        _geef_uitkomst(toekomst, waarde)


def _geef_uitkomst(toekomst: Future, waarde=None, *, fout: BaseException | None = None) -> None:
    """The task's result or error, unless it was cancelled while it ran (a failed build)."""
    try:
        if fout is None:
            toekomst.set_result(waarde)
        else:
            toekomst.set_exception(fout)
    except InvalidStateError:
        pass


def hoofd() -> None:
    """The helper: answer tasks until its stdin closes. What a library prints goes to stderr,
    so stdout carries only the answers."""
    antwoorden = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    vragen = sys.stdin.buffer
    os.nice(BESCHEIDENHEID)
    for module in VOORAF:
        importlib.import_module(module)
    pickle.dump((True, "klaar"), antwoorden)
    antwoorden.flush()
    while True:
        try:
            naam, argumenten = pickle.load(vragen)
        except EOFError:
            return
        try:
            antwoord = (True, _functie(naam)(*argumenten))
        except Exception:  # noqa: BLE001 - the build runs the task again itself
            antwoord = (False, traceback.format_exc())
        pickle.dump(antwoord, antwoorden, protocol=pickle.HIGHEST_PROTOCOL)
        antwoorden.flush()


if __name__ == "__main__":
    hoofd()
