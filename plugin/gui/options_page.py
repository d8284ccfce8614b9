"""The "Overblikskort" page in QGIS Settings ▸ Options."""

from __future__ import annotations

from pathlib import Path

from qgis.gui import QgsAuthConfigSelect, QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout

from ..core.settings import Settings
from ..core.workspace import refresh_forms

ICON = Path(__file__).resolve().parents[1] / "icon.svg"


def _tr(text: str) -> str:
    return QCoreApplication.translate("OptionsPage", text)


class OverblikskortOptionsFactory(QgsOptionsWidgetFactory):
    def __init__(self):
        super().__init__("Overblikskort", QIcon(str(ICON)))

    def createWidget(self, parent):
        return OverblikskortOptionsPage(parent)


class OverblikskortOptionsPage(QgsOptionsPageWidget):
    """Publisher address, municipality code and the authentication configuration to use."""

    def __init__(self, parent=None):
        super().__init__(parent)
        settings = Settings.load()
        self.publisher_url = QLineEdit(settings.publisher_url)
        self.publisher_url.setPlaceholderText("https://overblikskort.example/api/v1")
        self.kommunekode = QLineEdit(settings.kommunekode)
        self.kommunekode.setPlaceholderText("0167")
        self.kommunekode.setMaxLength(4)
        self.auth_config = QgsAuthConfigSelect(self)
        self.auth_config.setConfigId(settings.auth_config_id)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b00020;")

        form = QFormLayout()
        form.addRow(_tr("Publisher address"), self.publisher_url)
        form.addRow(_tr("Municipality code (kommunekode)"), self.kommunekode)
        form.addRow(_tr("Authentication (token)"), self.auth_config)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            QLabel(
                _tr(
                    "The token is kept in the QGIS authentication database, "
                    "never in the settings or the project."
                )
            )
        )
        layout.addWidget(self.problems)
        layout.addStretch()
        for editor in (self.publisher_url, self.kommunekode):
            editor.textChanged.connect(self._show_problems)

    def entered(self) -> Settings:
        return Settings(
            self.publisher_url.text().strip(),
            self.kommunekode.text().strip(),
            self.auth_config.configId(),
        )

    def _show_problems(self) -> None:
        self.problems.setText("\n".join(self.entered().problems()))

    def apply(self):
        """Save what is valid; an invalid value keeps the stored one and stays on screen."""
        entered, stored = self.entered(), Settings.load()
        stored.auth_config_id = entered.auth_config_id
        for name in ("publisher_url", "kommunekode"):
            candidate = Settings(**{**stored.__dict__, name: getattr(entered, name)})
            if not candidate.problems():
                stored = candidate
        changed_kommune = stored.kommunekode != Settings.load().kommunekode
        stored.save()
        if changed_kommune:
            refresh_forms(stored.kommunekode)
        self._show_problems()
