"""The second process of a Staat build (staat_van_vth/hulpproces.py): what it gives equals what
this process gives, only the tasks it names can be asked of it, and a helper that fails, dies or
cannot start costs time, never a result. That a whole build gives the same bytes with and without
it: tests/test_staat_formaten.py (two builds, byte-identical in every file)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from concurrent.futures import CancelledError
from concurrent.futures import wait as wacht_op
from datetime import date

import pytest
import vl_convert as vlc

from staat_van_vth import hulpproces, render
from staat_van_vth.hulpproces import Werk

pytestmark = pytest.mark.een_ronde  # tests/conftest.py: what it proves does not depend on the database

DAG = date(2099, 6, 1)
DEEL = ('<html lang="nl"><head><title>Deel</title></head><body><h1 id="a">Robuustheid</h1>'
        '<p>Eenentwintig omgevingsdiensten voldoen aan alle criteria.</p></body></html>')
SPEC = {"data": {"values": [{"od": "DCMR", "n": 3}, {"od": "OFGV", "n": 5}]}, "mark": "bar",
        "encoding": {"x": {"field": "n", "type": "quantitative"}, "y": {"field": "od", "type": "nominal"}}}


WACHTTIJD = 120  # seconds: a helper that never answers fails the test instead of hanging it


def alleen_door_de_hulp(werk: Werk, taak: str, *argumenten):
    """Ask for a task and wait without running anything here: only the helper can do it."""
    toekomst = werk.geef(taak, *argumenten)
    assert wacht_op([toekomst], timeout=WACHTTIJD).done, "het hulpproces antwoordt niet"
    return toekomst.result()


def tot(voorwaarde) -> None:
    """Wait until `voorwaarde()` holds (what the helper's thread does runs beside the test)."""
    einde = time.monotonic() + WACHTTIJD
    while not voorwaarde():
        assert time.monotonic() < einde, "het hulpproces kwam niet zover"
        time.sleep(0.01)


def test_the_helper_draws_and_lays_out_the_bytes_this_process_gives(tmp_path):
    with Werk(hulp=True) as werk:
        svg = alleen_door_de_hulp(werk, "svg", SPEC)
        png = alleen_door_de_hulp(werk, "png", svg, 2)
        pdf = alleen_door_de_hulp(werk, "pdf-deel", tmp_path, DAG, (), DEEL)
        paginas = alleen_door_de_hulp(werk, "pdf-paginas", tmp_path, DAG, (), DEEL)
    assert werk.door_hulp == ["svg", "png", "pdf-deel", "pdf-paginas"]
    assert svg == vlc.vegalite_to_svg(SPEC)
    assert png == vlc.svg_to_png(svg, 2)
    assert pdf == render.pdf_deel(tmp_path, DAG, (), DEEL) and pdf.startswith(b"%PDF")
    assert paginas == 1


def test_a_task_that_fails_in_the_helper_is_run_here_once_and_raises_its_own_error():
    with Werk(hulp=True) as werk:
        assert werk.gereed.wait(WACHTTIJD)
        fout = werk.geef("svg", {"mark": "geen-bestaand-merkteken"})
        tot(lambda: werk._hier)  # the helper tried it and gave it back
        with pytest.raises(ValueError):
            werk.wacht([fout])
        assert werk.door_hulp == []  # it was not tried again there
        assert alleen_door_de_hulp(werk, "svg", SPEC) == vlc.vegalite_to_svg(SPEC)  # the helper goes on


def test_when_the_helper_dies_during_a_task_this_process_does_it_and_the_rest(tmp_path):
    lang = DEEL.replace("<p>", "<p>" + "Een lange alinea over toezicht en handhaving. " * 40, 1)
    lang = lang.replace("</body>", "<p>Nog een alinea over vergunningverlening.</p>" * 300 + "</body>")
    with Werk(hulp=True) as werk:
        assert werk.gereed.wait(WACHTTIJD)
        bezig = werk.geef("pdf-deel", tmp_path, DAG, (), lang)
        tot(lambda: not werk._wachtrij)  # the helper has it
        werk._proces.kill()
        later = werk.geef("svg", SPEC)
        pdf, svg = werk.wacht([bezig, later])
    assert pdf == render.pdf_deel(tmp_path, DAG, (), lang)
    assert svg == vlc.vegalite_to_svg(SPEC)


def test_when_the_helper_dies_before_it_starts_this_process_does_the_work():
    with Werk(hulp=True) as werk:
        werk._proces.kill()
        werk._proces.wait()
        toekomsten = [werk.geef("svg", SPEC) for _ in range(3)]
        assert werk.wacht(toekomsten) == [vlc.vegalite_to_svg(SPEC)] * 3
    assert werk.door_hulp == []


def test_with_one_core_no_helper_is_started(monkeypatch):
    monkeypatch.setattr(hulpproces, "kernen", lambda: 1)
    with Werk() as werk:
        assert werk.wacht([werk.geef("svg", SPEC)]) == [vlc.vegalite_to_svg(SPEC)]
    assert werk._proces is None and werk.door_hulp == []


def test_a_failed_build_cancels_what_is_left_so_no_one_waits_for_ever():
    with Werk(hulp=False) as werk:
        toekomst = werk.geef("svg", SPEC)
        werk.annuleer()
        with pytest.raises(CancelledError):
            werk.wacht([toekomst])


def test_only_the_named_tasks_can_be_asked_for():
    with pytest.raises(KeyError), Werk(hulp=False) as werk:
        werk.geef("os:system", "true")


@pytest.mark.parametrize("vraag, fout", [
    (pickle.dumps(("os:system", ("true",))), "KeyError"),  # a name not in TAKEN
    (pickle.dumps(("svg", (os.system,))), "hoort niet in een taak"),  # a class not in TYPEN
])
def test_the_helper_itself_refuses_what_is_no_task(vraag, fout):
    helper = subprocess.Popen([sys.executable, "-m", "staat_van_vth.hulpproces"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert pickle.load(helper.stdout) == (True, "klaar")
        helper.stdin.write(vraag)
        helper.stdin.flush()
        gelukt, uitleg = pickle.load(helper.stdout)
        assert not gelukt and fout in uitleg
    finally:
        helper.stdin.close()
        helper.wait()
        helper.stdout.close()
