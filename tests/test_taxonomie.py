from visitatie.taxonomie import BESTAND, lees_taxonomie, taxonomie


def test_taxonomy_has_the_six_visitation_themes():
    namen = [t.naam for t in taxonomie().themas]
    for thema in ["Toekomstvisie", "Bestuurlijk-ambtelijk samenspel", "Ketensamenwerking",
                  "Taakuitvoering en mandaat", "Professionaliteit",
                  "Organisatieontwikkeling en bedrijfsvoering"]:
        assert thema in namen


def test_taxonomy_is_one_shared_object():
    assert taxonomie() is taxonomie()
    assert taxonomie() == lees_taxonomie(BESTAND)


def test_codes_are_unique_per_list():
    tax = taxonomie()
    for lijst in ("themas", "bevindingtypen", "ernst", "actoren"):
        codes = tax.codes(lijst)
        assert len(codes) == len(set(codes)), lijst
    assert tax.naam("bevindingtypen", "aanbeveling") == "Aanbeveling"
