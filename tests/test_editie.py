"""The edition's lifecycle: built before adopted, published editions never change."""

from datetime import date

import pytest

from visitatie.errors import DomeinFout
from visitatie.publicatie.models import Editie


def nieuwe_editie() -> Editie:
    return Editie(jaar=2026, periode_van=date(2024, 7, 1), periode_tot=date(2026, 6, 30),
                  peildatum=date(2026, 6, 1))


def test_edition_must_be_built_before_it_is_adopted():
    editie = nieuwe_editie()
    with pytest.raises(DomeinFout, match="Bouw de editie eerst"):
        editie.stel_vast()
    editie.registreer_bouw("a" * 64)
    editie.stel_vast()
    assert editie.status == "vastgesteld" and editie.periode == "2024-2026"


def test_published_edition_can_no_longer_change():
    editie = nieuwe_editie()
    editie.registreer_bouw("a" * 64)
    editie.stel_vast()
    editie.publiceer()
    assert editie.gepubliceerd_op is not None
    with pytest.raises(DomeinFout, match="gepubliceerd"):
        editie.registreer_bouw("b" * 64)
    with pytest.raises(DomeinFout):
        editie.heropen()


def test_concept_cannot_be_published_directly():
    editie = nieuwe_editie()
    with pytest.raises(DomeinFout, match="kan niet naar"):
        editie.publiceer()


def test_every_change_raises_the_version():
    editie = nieuwe_editie()
    editie.registreer_bouw("a" * 64)
    editie.stel_vast()
    editie.heropen()
    assert editie.versie == 4
