"""Form fields shared by every blueprint."""

from __future__ import annotations

from wtforms import HiddenField


class VersieVeld(HiddenField):
    """The version of a record the editor started from (optimistic locking), as an int: 0 for a
    new record. A value that is not a whole number makes the form invalid instead of failing later."""

    def process_formdata(self, valuelist):
        tekst = (valuelist[0] if valuelist else "").strip()
        try:
            self.data = int(tekst) if tekst else 0
        except ValueError:
            self.data = 0
            raise ValueError("Deze pagina is verouderd of beschadigd; laad haar opnieuw.") from None
