"""The OpenAPI 3.1 description of /api/v1/. Written by hand, next to the views it describes;
tests/test_api.py runs it against the app with schemathesis."""

from __future__ import annotations

from functools import cache

TEKST_OF_NULL = {"type": ["string", "null"]}
# Any text the API accepts: no NUL character (refused with a 400 by visitatie/security.py).
TEKST = {"type": "string", "pattern": "^[^\\x00]*$"}
DATUM_OF_NULL = {"type": ["string", "null"], "format": "date"}


def _lijst(item: str) -> dict:
    return {
        "type": "object",
        "required": ["data", "pagina", "per_pagina", "totaal", "volgende"],
        "properties": {
            "data": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
            "pagina": {"type": "integer", "minimum": 1},
            "per_pagina": {"type": "integer", "minimum": 1, "maximum": 500},
            "totaal": {"type": "integer", "minimum": 0},
            "volgende": {**TEKST_OF_NULL, "description": "URL van de volgende pagina"},
        },
    }


def _ref(naam: str) -> dict:
    return {"$ref": f"#/components/schemas/{naam}"}


FOUT = {"description": "Ongeldige parameter", "content": {"application/json": {"schema": _ref("Fout")}}}
NIET_GEVONDEN = {"description": "Niet gevonden", "content": {"application/json": {"schema": _ref("Fout")}}}
PAGINERING = [
    {
        "name": "pagina",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 1000000, "default": 1},
    },
    {
        "name": "per_pagina",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
    },
    {
        "name": "formaat",
        "in": "query",
        "description": "csv: de hele tabel als CSV, zonder paginering",
        "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"},
    },
]
PEILDATUM = {
    "name": "peildatum",
    "in": "query",
    "description": "Standaard: vandaag",
    "schema": {"type": "string", "format": "date"},
}


def _gepagineerd(samenvatting: str, item: str, extra: list | None = None) -> dict:
    return {
        "get": {
            "summary": samenvatting,
            "parameters": [*PAGINERING, *(extra or [])],
            "responses": {
                "200": {
                    "description": "Een pagina (JSON) of de hele tabel (CSV)",
                    "content": {
                        "application/json": {"schema": _lijst(item)},
                        "text/csv": {"schema": {"type": "string"}},
                    },
                },
                "400": FOUT,
            },
        }
    }


SCHEMAS = {
    "Fout": {
        "type": "object",
        "required": ["fout", "status"],
        "properties": {"fout": {"type": "string"}, "status": {"type": "integer"}},
    },
    "Omgevingsdienst": {
        "type": "object",
        "required": ["code", "naam", "afkorting", "seveso"],
        "properties": {
            "code": {"type": "string"},
            "naam": {"type": "string"},
            "afkorting": {"type": "string"},
            "seveso": {"type": "boolean"},
            "geldig_van": DATUM_OF_NULL,
            "geldig_tot": DATUM_OF_NULL,
            "opvolger_code": TEKST_OF_NULL,
            "website": TEKST_OF_NULL,
        },
    },
    "OmgevingsdienstDetail": {
        "allOf": [
            _ref("Omgevingsdienst"),
            {
                "type": "object",
                "required": ["provincies", "gemeenten", "peildatum"],
                "properties": {
                    "provincies": {"type": "array", "items": {"type": "string"}},
                    "gemeenten": {"type": "array", "items": {"type": "string"}},
                    "peildatum": {"type": "string", "format": "date"},
                },
            },
        ]
    },
    "Gemeente": {
        "type": "object",
        "required": ["code", "naam", "provincie_code", "od_code"],
        "properties": {
            "code": {"type": "string"},
            "naam": {"type": "string"},
            "provincie_code": {"type": "string"},
            "od_code": TEKST_OF_NULL,
        },
    },
    "Editie": {
        "type": "object",
        "required": ["jaar", "periode_van", "periode_tot", "peildatum", "url"],
        "properties": {
            "jaar": {"type": "integer"},
            "periode_van": {"type": "string", "format": "date"},
            "periode_tot": {"type": "string", "format": "date"},
            "peildatum": {"type": "string", "format": "date"},
            "snapshot_sha256": TEKST_OF_NULL,
            "gepubliceerd_op": TEKST_OF_NULL,
            "url": {"type": "string"},
            "downloads": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "Indicator": {
        "type": "object",
        "required": ["code", "naam", "definitie", "eenheid", "bron"],
        "properties": {
            k: {"type": "string"} for k in ("code", "naam", "definitie", "eenheid", "bron", "versie")
        },
    },
    "Waarneming": {
        "type": "object",
        "required": ["indicator", "od_code", "jaar", "waarde"],
        "properties": {
            "indicator": {"type": "string"},
            "od_code": {"type": "string"},
            "gemeente_code": TEKST_OF_NULL,
            "jaar": {"type": "integer"},
            "waarde": {"type": "number"},
            "kwaliteit": {"type": "string"},
            "fictief": {"type": "boolean"},
        },
    },
    "Visitatie": {
        "type": "object",
        "required": ["od_code", "ronde", "rapport_gepubliceerd", "gepubliceerd_op"],
        "properties": {
            "od_code": {"type": "string"},
            "ronde": {"type": "string"},
            "ronde_start": DATUM_OF_NULL,
            "ronde_deadline": DATUM_OF_NULL,
            "bezoek_van": DATUM_OF_NULL,
            "bezoek_tot": DATUM_OF_NULL,
            "gehouden": {"type": "boolean", "description": "Het bezoek heeft plaatsgevonden"},
            "rapport_gepubliceerd": {"type": "boolean"},
            "gepubliceerd_op": DATUM_OF_NULL,
            "rapport_url": {**TEKST_OF_NULL, "description": "Het openbare rapport, als het gepubliceerd is"},
        },
    },
}


@cache
def openapi_document() -> dict:
    lijst = {"type": "object", "required": ["data"]}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Staat van VTH — open API",
            "version": "1.0.0",
            "description": "Gepubliceerde gegevens: omgevingsdiensten, gemeenten en hun dienst, "
            "gepubliceerde edities, indicatoren, definitieve waarnemingen en de visitatiestand per "
            "omgevingsdienst. Alleen lezen.",
            "license": {"name": "CC0 1.0", "identifier": "CC0-1.0"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/omgevingsdiensten": _gepagineerd("Omgevingsdiensten in het register", "Omgevingsdienst"),
            "/omgevingsdiensten/{code}": {
                "get": {
                    "summary": "Eén omgevingsdienst met haar provincies en deelnemende gemeenten",
                    "parameters": [
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": "^[a-z0-9-]{1,20}$"},
                        },
                        PEILDATUM,
                    ],
                    "responses": {
                        "200": {
                            "description": "De dienst",
                            "content": {"application/json": {"schema": _ref("OmgevingsdienstDetail")}},
                        },
                        "400": FOUT,
                        "404": NIET_GEVONDEN,
                    },
                }
            },
            "/gemeenten": _gepagineerd(
                "Gemeenten met hun omgevingsdienst op de peildatum", "Gemeente", [PEILDATUM]
            ),
            "/edities": {
                "get": {
                    "summary": "Gepubliceerde edities van de Staat van VTH",
                    "responses": {
                        "200": {
                            "description": "Edities, nieuwste eerst",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        **lijst,
                                        "properties": {"data": {"type": "array", "items": _ref("Editie")}},
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/edities/{jaar}": {
                "get": {
                    "summary": "Eén gepubliceerde editie",
                    "parameters": [
                        {
                            "name": "jaar",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 0, "maximum": 9999},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "De editie",
                            "content": {"application/json": {"schema": _ref("Editie")}},
                        },
                        "404": NIET_GEVONDEN,
                    },
                }
            },
            "/indicatoren": {
                "get": {
                    "summary": "Definities van de indicatoren",
                    "responses": {
                        "200": {
                            "description": "Indicatoren",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        **lijst,
                                        "properties": {"data": {"type": "array", "items": _ref("Indicator")}},
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/waarnemingen": _gepagineerd(
                "Definitieve waarnemingen (voorlopige cijfers zijn niet openbaar)",
                "Waarneming",
                [
                    {"name": "indicator", "in": "query", "schema": TEKST},
                    {"name": "od", "in": "query", "schema": TEKST},
                    {
                        "name": "jaar",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1900, "maximum": 2200},
                    },
                ],
            ),
            "/visitaties": _gepagineerd(
                "Visitaties per omgevingsdienst: ronde, bezoekdagen en of het rapport openbaar is",
                "Visitatie",
                [{"name": "od", "in": "query", "schema": TEKST}],
            ),
        },
        "components": {"schemas": SCHEMAS},
    }
