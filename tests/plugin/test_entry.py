"""Loading and unloading the plugin in QGIS leaves nothing behind."""

from __future__ import annotations

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QEvent
from qgis.PyQt.QtWidgets import QAction, QDockWidget, QMenu, QToolBar

import plugin


def _registrations(iface):
    window = iface.mainWindow()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)  # pending deleteLater()
    return {
        "toolbars": sorted(t.objectName() for t in window.findChildren(QToolBar)),
        "menus": [a.text() for a in window.menuBar().actions()],
        "docks": sorted(d.objectName() for d in window.findChildren(QDockWidget)),
        "actions": sorted(
            a.objectName()
            for a in window.findChildren(QAction)
            if a.objectName().startswith("Overblikskort")
        ),
        "providers": sorted(p.id() for p in QgsApplication.processingRegistry().providers()),
        "options_pages": len(iface.unregisterOptionsWidgetFactory.__self__),
    }


def test_load_registers_everything_and_unload_removes_it(iface):
    before = _registrations(iface)
    instance = plugin.classFactory(iface)
    instance.initGui()
    loaded = _registrations(iface)
    assert "OverblikskortToolbar" in loaded["toolbars"]
    assert "Overblikskort" in loaded["menus"]
    assert loaded["menus"].index("Overblikskort") < loaded["menus"].index("Help")
    assert "OverblikskortKontrolDock" in loaded["docks"]
    assert len(loaded["actions"]) == 7
    assert "overblikskort" in loaded["providers"]
    assert loaded["options_pages"] == before["options_pages"] + 1

    instance.unload()
    assert _registrations(iface) == before


def test_load_twice_after_unload(iface):
    before = _registrations(iface)
    for _ in range(2):
        instance = plugin.classFactory(iface)
        instance.initGui()
        assert "overblikskort" in _registrations(iface)["providers"]
        instance.unload()
    assert _registrations(iface) == before


def test_processing_only_start_registers_the_provider_once(iface):
    instance = plugin.classFactory(iface)
    instance.initProcessing()
    instance.initGui()
    ids = [p.id() for p in QgsApplication.processingRegistry().providers()]
    assert ids.count("overblikskort") == 1
    instance.unload()
    assert "overblikskort" not in [p.id() for p in QgsApplication.processingRegistry().providers()]


def test_toolbar_and_menu_offer_the_same_actions(iface):
    instance = plugin.classFactory(iface)
    instance.initGui()
    try:
        toolbar = iface.mainWindow().findChild(QToolBar, "OverblikskortToolbar")
        menu = iface.mainWindow().findChild(QMenu, "OverblikskortMenu")
        assert [a.text() for a in toolbar.actions()] == [a.text() for a in menu.actions()]
        assert all(a.text() for a in menu.actions())
    finally:
        instance.unload()


def test_unload_disconnects_what_it_connected_to_workspace_layers(
    iface, tmp_path, clean_project, settings_sandbox
):
    from qgis_support import new_workspace_in

    instance = plugin.classFactory(iface)
    instance.initGui()
    sites = new_workspace_in(clean_project, tmp_path / "arbejdsfil.gpkg", "0167")["erhvervsareal"]
    signal = sites.afterCommitChanges
    connected = sites.receivers(signal)
    assert connected >= 1  # saving reopens the file's other layers
    instance.unload()
    assert sites.receivers(signal) == connected - 1
    assert sites.startEditing() and sites.commitChanges()  # saving still works without the plugin
