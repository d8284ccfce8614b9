from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

ICON = Path(__file__).resolve().parents[1] / "icon.svg"


class OverblikskortProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "overblikskort"

    def name(self) -> str:
        return "Overblikskort"

    def icon(self) -> QIcon:
        return QIcon(str(ICON))

    def loadAlgorithms(self):
        from .algorithms import ALGORITHMS

        for algorithm_class in ALGORITHMS:
            self.addAlgorithm(algorithm_class())
