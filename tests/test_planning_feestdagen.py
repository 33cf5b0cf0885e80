from datetime import date

import pytest

from visitatie.planning.feestdagen import feestdagen, feestdagen_tussen, koningsdag, pasen


@pytest.mark.parametrize("jaar, verwacht", [
    (2022, date(2022, 4, 17)), (2023, date(2023, 4, 9)), (2024, date(2024, 3, 31)),
    (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)), (2038, date(2038, 4, 25)),
    (2285, date(2285, 3, 22)),
])
def test_easter_matches_published_dates(jaar, verwacht):
    assert pasen(jaar) == verwacht


def test_kings_day_moves_to_saturday_when_27_april_is_a_sunday():
    assert koningsdag(2025) == date(2025, 4, 26)  # 27 April 2025 was a Sunday
    assert koningsdag(2024) == date(2024, 4, 27)


def test_holidays_of_2024():
    dagen = feestdagen(2024)
    assert dagen[date(2024, 5, 9)] == "Hemelvaartsdag"
    assert dagen[date(2024, 5, 20)] == "Tweede Pinksterdag"
    assert dagen[date(2024, 4, 1)] == "Tweede Paasdag"
    assert dagen[date(2024, 12, 26)] == "Tweede Kerstdag"
    assert date(2024, 5, 5) in dagen


def test_liberation_day_every_fifth_year_when_asked():
    assert date(2024, 5, 5) not in feestdagen(2024, "lustrum")
    assert date(2025, 5, 5) in feestdagen(2025, "lustrum")
    with pytest.raises(ValueError):
        feestdagen(2024, "soms")


def test_holidays_between_dates_are_inclusive():
    dagen = feestdagen_tussen(date(2023, 12, 25), date(2024, 1, 1))
    assert list(dagen) == [date(2023, 12, 25), date(2023, 12, 26), date(2024, 1, 1)]
