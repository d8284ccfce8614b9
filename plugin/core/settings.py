"""The plugin's settings, typed, in one place over QgsSettings.

The publisher's token is never stored here: the settings only name an authentication
configuration (``auth_config_id``) of the QGIS authentication database, which holds the secret.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication

SETTINGS_PREFIX = "overblikskort"
KOMMUNEKODE_PATTERN = re.compile(r"\d{4}")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Settings", text)


@dataclass
class Settings:
    publisher_url: str = ""
    kommunekode: str = ""
    auth_config_id: str = ""

    @classmethod
    def load(cls) -> Settings:
        stored = QgsSettings()
        values = {
            spec.name: str(stored.value(f"{SETTINGS_PREFIX}/{spec.name}", spec.default) or "")
            for spec in fields(cls)
        }
        return cls(**values)

    def save(self) -> None:
        stored = QgsSettings()
        for spec in fields(self):
            stored.setValue(f"{SETTINGS_PREFIX}/{spec.name}", getattr(self, spec.name).strip())

    def problems(self) -> list[str]:
        """Messages for values that cannot be used; an empty list when all is well."""
        found = []
        if self.kommunekode and not KOMMUNEKODE_PATTERN.fullmatch(self.kommunekode.strip()):
            found.append(
                _tr("The municipality code must be four digits (e.g. 0167), not '{0}'.").format(
                    self.kommunekode
                )
            )
        url = self.publisher_url.strip()
        if url and not url.startswith(("https://", "http://")):
            found.append(
                _tr("The publisher address must start with https:// or http://, not '{0}'.").format(
                    url
                )
            )
        return found
