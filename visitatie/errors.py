"""The one domain exception (and its conflict variant); pure, so models, pure cores and the
pipeline raise it without loading Flask. The Dutch error pages are in visitatie/foutpaginas.py."""

from __future__ import annotations


class DomeinFout(Exception):
    """An action the domain refuses; the message is Dutch and shown to the user as is."""

    status = 422

    def __init__(self, boodschap: str, veld: str | None = None):
        super().__init__(boodschap)
        self.boodschap = boodschap
        self.veld = veld


class Conflict(DomeinFout):
    """Someone else changed the same thing first (or it already exists)."""

    status = 409
