"""Finding 8 of issue 18 (in part): a date at the edge of the calendar as ?peildatum is a
Dutch message, never a 500."""

from __future__ import annotations

import pytest

PAGINAS = ["/omgevingsdiensten/odmh", "/omgevingsdiensten/odmh/monitoring", "/gemeenten/GM0200",
           "/omgevingsdiensten"]


@pytest.mark.parametrize("dag", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("pad", PAGINAS)
def test_an_absurd_peildatum_is_refused_in_dutch(client, pad, dag):
    antwoord = client.get(f"{pad}?peildatum={dag}")
    assert antwoord.status_code == 200, antwoord.status_code
    assert "Kies een peildatum tussen 2000 en 2100" in antwoord.get_data(as_text=True)
