"""Why a submitted file was not checked: unreadable, or beyond the limits of a check."""

from __future__ import annotations

from datamodel.messages import BilingualError


class UnreadableSubmission(BilingualError):
    """The file cannot be read at all; nothing in it was validated."""

    code = "fil_kan_ikke_laeses"


class TooComplex(UnreadableSubmission):
    """The file is beyond a documented limit of the check (size, time, memory); it was refused
    before (or instead of) the work."""

    code = "fil_for_kompleks"

    @classmethod
    def because(cls, file_name: str, reason_da: str, reason_en: str) -> TooComplex:
        return cls(
            f"Filen {file_name} er for stor eller for kompleks til at blive kontrolleret: "
            f"{reason_da}",
            f"The file {file_name} is too large or too complex to check: {reason_en}",
        )
