"""Build a council summary from plain `Gegevens`: sections of short generated text blocks
(each checked for readability), small tables, the questions for the council and a glossary.
Pure: no database, no templates; the render step only lays this out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from visitatie.ilt.opvolging import CATEGORIEEN
from visitatie.monitoring.robuustheid import NIET_VOLDAAN
from visitatie.raad import teksten
from visitatie.raad.gegevens import Gegevens, OdGegevens, ThemaOordeel
from visitatie.raad.vragen import Vraag, vragen_voor
from visitatie.taal import aantal, datum_nl, getal, maand_nl
from visitatie.vragenlijsten.oordeel import niveau_met_label

MAX_ILT_PUNTEN = 3
TELWOORDEN = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf"}
OP_ORDE = 3  # maturity level "op orde" on the visitation framework's scale
MAX_GENOEMDE_THEMAS = 2
OORDEEL = {"robuust": "sterk genoeg (robuust)", "niet_robuust": "nog niet sterk genoeg",
           "onbekend": "nog niet duidelijk"}
OORDEEL_KORT = {"robuust": "robuust", "niet_robuust": "nog niet robuust", "onbekend": "onbekend"}
WIE = {"ministerie": "de minister", "bestuur_od": "het bestuur van de dienst zelf"}
CYCLUS_KORT = {"op_tijd": "op tijd", "te_laat": "te laat vastgesteld", "niet_verzonden": "niet verstuurd",
               "niet_vastgesteld": "niet vastgesteld", "ontbreekt": "ontbreekt",
               "nog_niet_verschuldigd": "nog niet nodig"}


@dataclass(frozen=True)
class Blok:
    """A generated paragraph; every one passes the readability check (see leesbaarheid)."""

    sleutel: str
    tekst: str


@dataclass(frozen=True)
class Tabel:
    bijschrift: str
    kolommen: tuple[str, ...]
    rijen: tuple[tuple[str, ...], ...]
    numeriek: tuple[bool, ...] = ()

    def is_getal(self, i: int) -> bool:
        return bool(self.numeriek) and self.numeriek[i]


@dataclass(frozen=True)
class Citaat:
    """Text quoted from a source (an ILT report, a visitation report), shown as such."""

    tekst: str
    bron: str


@dataclass(frozen=True)
class Sectie:
    sleutel: str
    titel: str
    blokken: tuple[Blok, ...] = ()
    tabel: Tabel | None = None
    citaten: tuple[Citaat, ...] = ()


@dataclass(frozen=True)
class Samenvatting:
    code: str
    naam: str
    soort: str
    editie_jaar: int
    peildatum: str
    secties: tuple[Sectie, ...]
    vragen: tuple[Vraag, ...]
    begrippen: tuple[tuple[str, str], ...]
    fictief: bool = False
    extra: dict = field(default_factory=dict)
    aantal_ods: int = 1

    @property
    def titel(self) -> str:
        """A province is named as one, so it never shares the title of its capital's council."""
        wie = self.naam if self.soort == "gemeente" else f"Provincie {self.naam}"
        dienst = "omgevingsdiensten" if self.aantal_ods > 1 else "omgevingsdienst"
        return f"{wie}: uw {dienst} in het kort"

    @property
    def raad(self) -> str:
        return "de raad" if self.soort == "gemeente" else "Provinciale Staten"

    @property
    def vragen_uitleg(self) -> str:
        return teksten.invullen(teksten.VRAGEN_UITLEG, self.soort)

    def blokken(self) -> list[tuple[str, str]]:
        """Every generated text with a key, for the readability check."""
        uit = [(f"{s.sleutel}/{b.sleutel}", b.tekst) for s in self.secties for b in s.blokken]
        uit.append(("vragen/uitleg", self.vragen_uitleg))
        return uit + [(f"vraag/{v.sleutel}", f"{v.aanleiding} {v.tekst}") for v in self.vragen]


def _vast(sleutel: str, g: Gegevens) -> Blok:
    return Blok(sleutel, teksten.invullen(teksten.VASTE_TEKSTEN[sleutel], g.soort, len(g.ods) > 1))


def bouw_samenvatting(g: Gegevens) -> Samenvatting:
    secties = [Sectie("inleiding", "Waar gaat dit over?",
                      (_vast("intro", g),) + ((_vast("fictief", g),) if g.fictief else ())),
               _sectie_od(g), _sectie_visitatie(g), _sectie_robuust(g), _sectie_cyclus(g),
               _sectie_ilt(g), _sectie_cijfers(g)]
    return Samenvatting(g.code, g.naam, g.soort, g.editie_jaar, datum_nl(g.peildatum), tuple(secties),
                        tuple(vragen_voor(g)), teksten.BEGRIPPEN, g.fictief, aantal_ods=len(g.ods))


def _sectie_od(g: Gegevens) -> Sectie:
    titel = "Uw omgevingsdienst" if len(g.ods) <= 1 else "Uw omgevingsdiensten"
    if not g.ods:
        return Sectie("od", titel, (_vast("geen_od", g),))
    stand = f"Dit is de stand op {datum_nl(g.peildatum)}."
    fusies = tuple(Blok(f"fusie_{od.code}", _fusie_tekst(od)) for od in g.ods if od.voorgangers)
    if g.soort == "gemeente":
        od = g.ods[0]
        return Sectie("od", titel, (Blok("od", f"{g.naam} laat werk voor het milieu doen door "
                                               f"{naam_met_afkorting(od.naam, od.afkorting)}. {stand}"),
                                    *fusies))
    tabel = Tabel(f"Omgevingsdiensten van de provincie {g.naam}", ("Omgevingsdienst", "Afkorting"),
                  tuple((od.naam, od.afkorting) for od in g.ods))
    hoeveel = "één omgevingsdienst" if len(g.ods) == 1 else aantal(len(g.ods), "omgevingsdienst",
                                                                      "omgevingsdiensten")
    return Sectie("od", titel, (Blok("od", f"De provincie {g.naam} werkt met {hoeveel}. {stand}"),
                                *fusies), tabel)


def naam_met_afkorting(naam: str, afkorting: str) -> str:
    """"Omgevingsdienst Regio Utrecht (ODRU)", but "RUD Utrecht" once when the two are the same."""
    return naam if not afkorting or afkorting == naam else f"{naam} ({afkorting})"


def _fusie_tekst(od: OdGegevens) -> str:
    """The merger, for the period before it: which OD did the work until when."""
    oud = opsomming([naam_met_afkorting(v.naam, v.afkorting) for v in od.voorgangers])
    dag = datum_nl(od.voorgangers[0].tot + timedelta(days=1))
    werk = "deed" if len(od.voorgangers) == 1 else "deden"
    return (f"Tot {dag} {werk} {oud} dit werk. Op {dag} ging het op in {od.afkorting}. "
            f"Wat hier over de tijd daarvoor staat, gaat over de oude dienst.")


def _sectie_visitatie(g: Gegevens) -> Sectie:
    """The visitation of each OD; for an OD that merged in the cycle years, the visitation of
    the old OD it replaced (visited before the merger) when it has none of its own yet. A visit
    the Staat reports whose report is not published yet is named too, so the two agree."""
    met = [(od.code, od.afkorting, od.visitatie, "") for od in g.ods if od.visitatie]
    met += [(v.code, v.afkorting, v.visitatie, f" Die dienst is nu deel van {od.afkorting}.")
            for od in g.ods if not od.visitatie for v in od.voorgangers if v.visitatie]
    zonder_verslag = [Blok(f"bezoek_{od.code}", _bezoek_zonder_verslag(od))
                      for od in g.ods if _bezoek_zonder_verslag(od)]
    if not met and not zonder_verslag:
        return Sectie("visitatie", "Visitatie", (_vast("geen_visitatie", g),))
    blokken, citaten = [_vast("visitatie_uitleg", g)], []
    for code, afkorting, v, nu in met:
        klaar = sum(a.afgerond for a in v.verbeteracties)
        laat = sum(not a.afgerond and a.streefdatum is not None and a.streefdatum < g.peildatum
                   for a in v.verbeteracties)
        tekst = " ".join(filter(None, (f"De visitatie van {afkorting} was op {datum_nl(v.datum)}.{nu}",
                                       uitkomst_tekst(v.oordelen))))
        if v.verbeteracties:
            tekst += (f" Het plan om te verbeteren heeft {aantal(len(v.verbeteracties), 'actie', 'acties')}. "
                      f"Daarvan {'is' if klaar == 1 else 'zijn'} er {klaar} klaar en {laat} over de datum.")
        blokken.append(Blok(f"visitatie_{code}", tekst))
        bron = f"visitatierapport {afkorting}"
        citaten += [Citaat(p, f"{bron}, sterk punt") for p in v.sterke_punten[:3]]
        citaten += [Citaat(a, f"{bron}, advies") for a in v.aanbevelingen[:3]]
    return Sectie("visitatie", "Visitatie", (*blokken, *zonder_verslag), citaten=tuple(citaten))


def _bezoek_zonder_verslag(od: OdGegevens) -> str:
    """The visit of the latest cycle when its report is not (yet) the published one; else ''."""
    if od.bezocht_op is None or (od.visitatie and od.visitatie.datum == od.bezocht_op):
        return ""
    welke = "een nieuwe visitatie" if od.visitatie else "de visitatie"
    return (f"{od.afkorting} kreeg op {datum_nl(od.bezocht_op)} bezoek voor {welke}. "
            "Het verslag daarvan is er nog niet.")


def uitkomst_tekst(oordelen: tuple[ThemaOordeel, ...]) -> str:
    """The committee's judgement in a few sentences: on how many themes the OD is at level 3
    ("op orde") or higher, and which theme(s) scored lowest, that level in the visitation
    report's words (`niveau_met_label`). Empty without judged themes."""
    beoordeeld = [o for o in oordelen if o.niveau is not None]
    if not beoordeeld:
        return ""
    beoordeeld_aantal, goed = len(beoordeeld), sum(o.niveau >= OP_ORDE for o in beoordeeld)
    laagste = min(o.niveau for o in beoordeeld)
    laag = [o for o in beoordeeld if o.niveau == laagste]
    hoeveel = {beoordeeld_aantal: "alle", 0: "geen van de"}.get(goed, f"{goed} van de")
    tekst = f"Bij {hoeveel} {beoordeeld_aantal} thema's is de dienst op orde of beter."
    cijfer = f"'{niveau_met_label(laagste, laag[0].label)}'"  # the report's words for the level
    if len(laag) == beoordeeld_aantal:
        return f"{tekst} Alle thema's kregen het cijfer {cijfer}."
    tekst += f" Het laagste cijfer is {cijfer}."
    if len(laag) > MAX_GENOEMDE_THEMAS:
        return f"{tekst} Dat cijfer geldt voor {len(laag)} thema's."
    namen = [teksten.THEMA_NAMEN.get(o.thema, o.titel.lower()) for o in laag]
    return f"{tekst} Dat cijfer geldt voor {opsomming(namen)}."


def opsomming(delen: list[str]) -> str:
    """"a", "a en b", "a, b en c"."""
    return delen[0] if len(delen) == 1 else f"{', '.join(delen[:-1])} en {delen[-1]}"


def _gehaald(od: OdGegevens) -> tuple[int, int]:
    criteria = od.robuustheid.criteria if od.robuustheid else ()
    return sum(c.resultaat == "voldoet" for c in criteria), len(criteria)


def _sectie_robuust(g: Gegevens) -> Sectie:
    blokken = [_vast("robuust_uitleg", g)]
    rijen = []
    for od in g.ods:
        r, k = od.robuustheid, od.kwaliteit
        gehaald, totaal = _gehaald(od)
        rijen.append((od.afkorting,
                      f"{OORDEEL_KORT[r.geheel]} ({WIE[r.beoordelaar]}, {maand_nl(r.datum)})" if r else
                      "geen oordeel",
                      f"{gehaald} van {totaal}" if r else "–",
                      f"{k.voldaan} van {k.totaal} ({maand_nl(k.datum)})" if k else "geen toets"))
    if len(g.ods) == 1:  # a municipality, or a province with one service (Zeeland, Drenthe)
        blokken.append(Blok("robuust", _robuust_tekst(g.ods[0])))
    elif g.ods:
        sterk = sum(bool(od.robuustheid and od.robuustheid.geheel == "robuust") for od in g.ods)
        blokken.append(Blok("robuust", f"Van uw {aantal(len(g.ods), 'dienst', 'diensten')} "
                                       f"{'is' if sterk == 1 else 'zijn'} "
                                       f"er {sterk} sterk genoeg (robuust). De tabel laat per dienst "
                                       "zien hoe het staat."))
    tabel = Tabel("Sterke dienst en kwaliteit", ("Dienst", "Oordeel sterke dienst", "Eisen gehaald",
                                                 "Kwaliteitseisen gehaald"), tuple(rijen))
    return Sectie("robuust", "Is de dienst sterk genoeg?", tuple(blokken), tabel)


def _robuust_tekst(od: OdGegevens) -> str:
    r, k = od.robuustheid, od.kwaliteit
    if r is None:
        tekst = f"Er is nog geen oordeel of {od.afkorting} sterk genoeg is."
    else:
        gehaald, totaal = _gehaald(od)
        tekst = (f"In {maand_nl(r.datum)} gaf {WIE[r.beoordelaar]} een oordeel. "
                 f"{od.afkorting} is {OORDEEL[r.geheel]}. De dienst haalt {gehaald} van de {totaal} eisen.")
        if any(c.resultaat in NIET_VOLDAAN for c in r.criteria):
            tekst += " Voor de andere eisen is er een plan."
    if k is None:
        return tekst + " Een toets aan de kwaliteitseisen is niet bekend."
    return tekst + (f" Bij een toets in {maand_nl(k.datum)} haalde de dienst {k.voldaan} van de "
                    f"{k.totaal} kwaliteitseisen.")


def _cyclus_tekst(g: Gegevens, jaar: int) -> str:
    oordelen = [c for od in g.ods for c in od.cycli if c.jaar == jaar]
    statussen = [c.status for c in oordelen]
    if len(oordelen) == 1:
        return {"compleet": f"Over {jaar} zijn alle stukken er.",
                "lopend": f"Over {jaar} is alles er wat nu nodig is. Er volgt nog een stuk.",
                "onvolledig": f"Over {jaar} mist er iets, of een stuk ging niet naar {g_raad(g)}."
                }[statussen[0]]
    klaar = sum(s != "onvolledig" for s in statussen)
    return f"Over {jaar} is het bij {klaar} van de {len(oordelen)} diensten op orde."


def g_raad(g: Gegevens) -> str:
    return "de raad" if g.soort == "gemeente" else "de Staten"


def _sectie_cyclus(g: Gegevens) -> Sectie:
    """One row per OD: the strategy of the latest year, then plan and report per year."""
    blokken = [_vast("cyclus_uitleg", g)]
    blokken += [Blok(f"cyclus_{jaar}", _cyclus_tekst(g, jaar)) for jaar in g.cyclusjaren]
    eerste, laatste = min(g.cyclusjaren, default=0), max(g.cyclusjaren, default=0)
    kolommen = [("uhs", laatste, f"Strategie {laatste}")]
    for jaar in g.cyclusjaren:
        kolommen += [("uitvoeringsprogramma", jaar, f"Plan {jaar}"), ("jaarverslag", jaar, f"Verslag {jaar}")]
    rijen = []
    for od in g.ods:
        status = {(u.soort, c.jaar): CYCLUS_KORT[u.status] for c in od.cycli for u in c.uitkomsten}
        rijen.append((od.afkorting, *(status[(soort, jaar)] for soort, jaar, _ in kolommen)))
    tabel = Tabel(f"Stukken van het college voor {g_raad(g)}, {eerste}-{laatste}",
                  ("Dienst", *(titel for _, _, titel in kolommen)), tuple(rijen))
    return Sectie("cyclus", "Zijn de stukken van het college op orde?", tuple(blokken), tabel)


def _sectie_ilt(g: Gegevens) -> Sectie:
    """The ILT's recommendations for the participant or its services, and per party (its ODs,
    the province itself) the follow-up counted as the Staat counts it: "niet vastgelegd" is its
    own column, never open or done."""
    if not g.ilt:
        return Sectie("ilt", "Onderzoek door de inspectie", (_vast("geen_ilt", g),))
    dienst = "uw diensten" if len(g.ods) > 1 else "uw dienst"
    tekst = (f"De inspectie (ILT) deed onderzoek naar het hele stelsel. Daarin "
             f"{'staat' if len(g.ilt) == 1 else 'staan'} {aantal(len(g.ilt), 'advies', 'adviezen')} voor "
             f"{'uw gemeente' if g.soort == 'gemeente' else 'uw provincie'} of {dienst}.")
    if g.ilt_stand:
        tekst += (" De tabel laat per dienst zien wat ermee is gedaan. Een advies aan meer diensten "
                  "telt bij elke dienst. Staat er 'niet vastgelegd'? Dan is niet bekend of het advies "
                  "is opgevolgd.")
    if len(g.ilt) > MAX_ILT_PUNTEN:  # say so, or the reader counts three and wonders
        tekst += f" Hieronder staan er {TELWOORDEN[MAX_ILT_PUNTEN]}."
    citaten = tuple(Citaat(p.tekst, f"ILT, {p.studie}; gericht aan {p.betreft}"
                           + (f"; opvolging: {CATEGORIEEN[p.opvolging].lower()}" if p.opvolging else ""))
                    for p in g.ilt[:MAX_ILT_PUNTEN])
    return Sectie("ilt", "Onderzoek door de inspectie", (Blok("ilt", tekst),), _ilt_tabel(g), citaten)


def _ilt_tabel(g: Gegevens) -> Tabel | None:
    """Per party a row of follow-up items per category and in total (`visitatie.ilt.opvolging`)."""
    if not g.ilt_stand:
        return None
    rijen = tuple((s.partij, *(str(s.telling.aantal(c)) for c in CATEGORIEEN), str(s.telling.n))
                  for s in g.ilt_stand)
    partij = "dienst" if g.soort == "gemeente" else "dienst of provincie"
    return Tabel(f"Opvolging van de adviezen van de inspectie: per {partij} het aantal adviezen per stand",
                 (partij.capitalize(),
                  *(CATEGORIEEN[c] for c in CATEGORIEEN), "Totaal"),
                 rijen, (False, *([True] * (len(CATEGORIEEN) + 1))))


def _sectie_cijfers(g: Gegevens) -> Sectie:
    """One row per OD, then the medians of the province and of the country: a comparison,
    never a ranking (the ODs keep the register's order)."""
    namen = [k.naam for k in g.ods[0].kerncijfers] if g.ods else []
    if not any(k.waarde is not None for od in g.ods for k in od.kerncijfers):
        return Sectie("cijfers", f"Cijfers over {g.cijferjaar}", (_vast("cijfers_uitleg", g),
                                                                  _vast("geen_cijfers", g)))
    rijen = [(od.afkorting, *(getal(k.waarde) for k in od.kerncijfers)) for od in g.ods]
    rijen.append((f"Midden provincie {g.provincie}", *(getal(k.mediaan_provincie)
                                                       for k in g.ods[0].kerncijfers)))
    rijen.append(("Midden Nederland", *(getal(k.mediaan_land) for k in g.ods[0].kerncijfers)))
    tabel = Tabel(f"Cijfers over {g.cijferjaar}: de dienst naast het midden van de provincie en van "
                  "Nederland", ("Dienst", *namen), tuple(rijen), (False, *([True] * len(namen))))
    return Sectie("cijfers", f"Cijfers over {g.cijferjaar}", (_vast("cijfers_uitleg", g),), tabel)
