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
to its stdout; only the tasks named in TAKEN can be asked for, and its unpickler makes nothing
but the few types their arguments hold (the pipe is private to the build and its child anyway).
It lives for one build: started
when the build begins (`with Werk() as werk`), so it loads its libraries while the build
computes its first chapters, at a lower priority than the build (`BESCHEIDENHEID`). On a
machine with one core, or when the helper cannot start or dies, the build's own process does
every task itself; a task that fails in the helper is given back and run again here (never by
the helper again), so its error is raised where the build can report it. Only the thread that
entered `with Werk()` runs tasks here; another thread that waits (the DOCX's) only waits."""

from __future__ import annotations

import contextlib
import datetime
import importlib
import logging
import os
import pathlib
import pickle
import subprocess
import sys
import threading
import traceback
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, InvalidStateError
from pathlib import Path

# What a task name calls: "module:function". Nothing else is called from the pipe.
TAKEN = {
    "svg": "vl_convert:vegalite_to_svg",
    "png": "vl_convert:svg_to_png",
    "pdf-deel": "staat_van_vth.render:pdf_deel",
    "pdf-paginas": "staat_van_vth.render:paginas_deel",
    "paginanummers": "staat_van_vth.render:paginanummers",
}
# The only classes a task's arguments hold besides str, bytes, numbers, lists, tuples and dicts.
TYPEN = {("pathlib", "PosixPath"): pathlib.PosixPath, ("datetime", "date"): datetime.date}
VOORAF = ("vl_convert", "weasyprint", "staat_van_vth.render")  # imported while the build computes
# The helper's priority below the build's (nice): after a small change the build lays out its
# few parts before the helper has loaded its libraries, and pandoc, making the DOCX meanwhile,
# should not wait for a helper that will have nothing to do.
BESCHEIDENHEID = 5

Taak = tuple[Future, str, tuple]
log = logging.getLogger(__name__)


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
        self._wachtrij: deque[Taak] = deque()  # for either process
        self._hier: deque[Taak] = deque()  # given back by the helper: for this process only
        self._slot = threading.Condition()  # guards both queues; notified on every change
        self._open = True
        self._afgebroken = False
        self._hulp = kernen() >= 2 if hulp is None else hulp
        self._eigenaar = threading.current_thread()  # the one thread that runs tasks here
        self._draad: threading.Thread | None = None
        self._proces: subprocess.Popen | None = None
        self.gereed = threading.Event()  # the helper has loaded its libraries
        self.door_hulp: list[str] = []  # the tasks the helper ran, by name

    def geef(self, taak: str, *argumenten) -> Future:
        """Queue `taak` (a name in TAKEN) with its arguments; its result comes in the Future."""
        if taak not in TAKEN:
            raise KeyError(f"onbekende taak {taak!r}")
        toekomst: Future = Future()
        toekomst.add_done_callback(self._meld)
        self._zet_in(self._wachtrij, (toekomst, taak, argumenten))
        return toekomst

    def wacht(self, toekomsten: Iterable[Future]) -> list:
        """The results of `toekomsten` in order; the thread that entered `with Werk()` runs
        waiting tasks meanwhile."""
        toekomsten = list(toekomsten)
        for toekomst in toekomsten:
            while (volgende := self._volgende_hier(toekomst)) is not None:
                _voer_uit(volgende)
        return [t.result() for t in toekomsten]

    def annuleer(self) -> None:
        """Cancel every task waiting now or given back later (a failed build: whoever waits for
        one of them gets a CancelledError instead of waiting for ever)."""
        with self._slot:
            self._afgebroken = True
            over = [*self._wachtrij, *self._hier]
            self._wachtrij.clear()
            self._hier.clear()
        for toekomst, _naam, _argumenten in over:
            toekomst.cancel()

    def sluit(self) -> None:
        """Stop the helper at once (it holds nothing but its answer to a task) and cancel what is
        left (after a build every result has been waited for, so nothing is)."""
        with self._slot:
            self._open = False
            self._slot.notify_all()
        if self._proces is not None:
            self._proces.terminate()
        if self._draad is not None:
            self._draad.join()
        self.annuleer()
        if self._proces is not None:
            try:
                with contextlib.suppress(OSError):  # the helper died before reading what it got
                    self._proces.stdin.close()
            finally:
                self._proces.wait()
                self._proces.stdout.close()

    def __enter__(self) -> Werk:
        """Start the helper now: it loads its libraries (0.7 s) while the build computes."""
        self._eigenaar = threading.current_thread()
        if self._hulp and self._draad is None:
            self._start()
        return self

    def __exit__(self, *_fout) -> None:
        self.sluit()

    def _meld(self, _toekomst: Future) -> None:
        with self._slot:
            self._slot.notify_all()

    def _zet_in(self, rij: deque, taak: Taak, *, vooraan: bool = False) -> None:
        with self._slot:
            if not self._afgebroken:
                (rij.appendleft if vooraan else rij.append)(taak)
                self._slot.notify_all()
                return
        taak[0].cancel()

    def _volgende_hier(self, toekomst: Future) -> Taak | None:
        """The next task to run in this thread while it waits for `toekomst`; None once that
        is done. Another thread than the owner only waits."""
        eigenaar = threading.current_thread() is self._eigenaar
        with self._slot:
            while not toekomst.done():
                if eigenaar and (self._hier or self._wachtrij):
                    return (self._hier or self._wachtrij).popleft()
                self._slot.wait()
            return None

    def _voor_de_hulp_pak(self) -> Taak | None:
        with self._slot:
            while self._open and not self._wachtrij:
                self._slot.wait()
            return self._wachtrij.popleft() if self._wachtrij else None

    def _start(self) -> None:
        wortel = str(Path(__file__).resolve().parent.parent)
        omgeving = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (wortel, os.environ.get("PYTHONPATH")) if p)}
        try:  # its own session: a Ctrl-C reaches the build, which then stops the helper itself
            self._proces = subprocess.Popen(
                [sys.executable, "-P", "-m", "staat_van_vth.hulpproces"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, env=omgeving, start_new_session=True)
        except OSError as fout:
            log.warning("Het hulpproces van de bouw start niet (%s): de bouw doet alles zelf.", fout)
            self._hulp = False
            return
        self._draad = threading.Thread(target=self._voor_de_hulp, name="staat-hulpproces",
                                       daemon=True)
        self._draad.start()

    def _voor_de_hulp(self) -> None:
        """Hand the helper one task at a time, once it has started (until then this process
        takes every task), until the queue is closed and empty or the helper is gone."""
        try:
            if pickle.load(self._proces.stdout) != (True, "klaar"):
                raise pickle.UnpicklingError("onverwacht begin")
        except Exception as fout:  # noqa: BLE001 - no helper: this process does every task
            if self._open:
                log.warning("Het hulpproces van de bouw is niet begonnen (%r): de bouw doet alles "
                            "zelf.", fout)
            return
        self.gereed.set()
        while (taak := self._voor_de_hulp_pak()) is not None:
            toekomst, naam, argumenten = taak
            if toekomst.cancelled():
                continue
            try:
                pickle.dump((naam, argumenten), self._proces.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self._proces.stdin.flush()
                gelukt, waarde = pickle.load(self._proces.stdout)
            except Exception as fout:  # noqa: BLE001 - the helper is gone: the rest is done here
                if self._open:
                    log.warning("Het hulpproces van de bouw stopte (%r): de bouw doet de rest zelf.", fout)
                self._zet_in(self._hier, taak, vooraan=True)
                return
            if gelukt:
                self.door_hulp.append(naam)
                _geef_uitkomst(toekomst, waarde)
            else:  # run here again, never by the helper: its error then comes from this process
                self._zet_in(self._hier, taak)


def _voer_uit(taak: Taak) -> None:
    toekomst, naam, argumenten = taak
    if toekomst.cancelled():
        return
    try:
        waarde = _functie(naam)(*argumenten)
    except Exception as fout:  # noqa: BLE001 - given to whoever waits for the result
        _geef_uitkomst(toekomst, fout=fout)
    except BaseException as fout:  # Ctrl-C: stop the build now, not when this result is read
        _geef_uitkomst(toekomst, fout=fout)
        raise
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


class _Argumenten(pickle.Unpickler):
    """Unpickles a task's arguments: plain values and the classes in TYPEN, nothing else."""

    def find_class(self, module: str, naam: str):
        if (module, naam) not in TYPEN:
            raise pickle.UnpicklingError(f"{module}.{naam} hoort niet in een taak")
        return TYPEN[module, naam]


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
            naam, argumenten = _Argumenten(vragen).load()  # one per message: its memo is per pickle
        except EOFError:
            return
        except pickle.UnpicklingError:  # not a task: say so and stop (the stream is lost)
            pickle.dump((False, traceback.format_exc()), antwoorden)
            antwoorden.flush()
            return
        try:
            antwoord = (True, _functie(naam)(*argumenten))
        except Exception:  # noqa: BLE001 - the build runs the task again itself
            antwoord = (False, traceback.format_exc())
        pickle.dump(antwoord, antwoorden, protocol=pickle.HIGHEST_PROTOCOL)
        antwoorden.flush()


if __name__ == "__main__":
    hoofd()
