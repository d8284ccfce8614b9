"""Errors that reach a person: each carries its message in Danish and in English."""

from __future__ import annotations


class BilingualError(Exception):
    """``message(language)`` gives the text for the reader; ``str()`` gives both."""

    def __init__(self, message_da: str, message_en: str):
        super().__init__(f"{message_da} / {message_en}")
        self.message_da = message_da
        self.message_en = message_en

    def message(self, language: str = "da") -> str:
        return self.message_da if language == "da" else self.message_en
