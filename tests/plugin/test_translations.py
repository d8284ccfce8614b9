"""Danish when QGIS runs in Danish, English otherwise; the translator leaves with the plugin."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from qgis.PyQt.QtCore import QCoreApplication, QTranslator
from qgis.PyQt.QtWidgets import QMenu

import plugin

REPO_ROOT = Path(__file__).resolve().parents[2]
TS_FILE = REPO_ROOT / "plugin" / "i18n" / "overblikskort_da.ts"


def _updater():
    spec = importlib.util.spec_from_file_location(
        "update_translations", REPO_ROOT / "scripts" / "update_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ts_messages() -> dict[tuple[str, str], ElementTree.Element]:
    return {
        (context.findtext("name"), message.findtext("source")): message.find("translation")
        for context in ElementTree.parse(TS_FILE).getroot().iter("context")
        for message in context.iter("message")
    }


def test_every_text_in_the_code_has_a_danish_translation():
    in_code = {
        (context, text) for context, texts in _updater().all_messages().items() for text in texts
    }
    in_ts = _ts_messages()
    assert in_code == set(in_ts), "run scripts/update_translations.py"
    unfinished = [
        key
        for key, translation in in_ts.items()
        if not translation.text or translation.get("type") == "unfinished"
    ]
    assert unfinished == []


def test_compiled_qm_matches_the_ts_file():
    translator = QTranslator()
    assert translator.load(str(TS_FILE.with_suffix(".qm")))
    QCoreApplication.installTranslator(translator)
    try:
        for (context, source), translation in _ts_messages().items():
            assert QCoreApplication.translate(context, source) == translation.text, source
    finally:
        QCoreApplication.removeTranslator(translator)


def test_danish_qgis_shows_danish_menus_and_english_returns_after_unload(iface, danish):
    instance = plugin.classFactory(iface)
    instance.initGui()
    try:
        menu = iface.mainWindow().findChild(QMenu, "OverblikskortMenu")
        assert [a.text() for a in menu.actions()] == [
            "Ny arbejdsfil…",
            "Åbn arbejdsfil…",
            "Importér til arbejdsfil…",
            "Hent Erhvervsstyrelsens referencelag…",
            "Kontrollér arbejdsfil",
            "Send til godkendelse…",
            "Mine indsendelser…",
        ]
        assert instance.dock.windowTitle() == "Kontrol"
        assert instance.dock.run_button.text() == "Kør kontrol"
    finally:
        instance.unload()
    assert QCoreApplication.translate("Overblikskort", "New workspace…") == "New workspace…"


def test_english_qgis_shows_english_menus(iface, settings_sandbox):
    instance = plugin.classFactory(iface)
    instance.initGui()
    try:
        menu = iface.mainWindow().findChild(QMenu, "OverblikskortMenu")
        assert menu.actions()[0].text() == "New workspace…"
    finally:
        instance.unload()
