"""Runs inside the real QGIS desktop (``qgis --code``), started by qgis_desktop_screenshots.py.

It drives the installed plugin the way a planner does, through the "Overblikskort" menu:
Kontrollér arbejdsfil, Send til godkendelse…, Mine indsendelser…, and after each step writes
what the application shows into a JSON marker and takes a screenshot of the X screen with
ImageMagick's ``import``. Then it leaves QGIS through its own Exit action.

Its input is the JSON file named by OVERBLIKSKORT_DESKTOP_CONFIG (keys: out_dir, workspace,
publisher_url, token, kommune, context_layers, display).
"""
import json
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

import qgis.utils
from qgis.core import (
    Qgis, QgsApplication, QgsAuthMethodConfig, QgsFillSymbol, QgsGeometry, QgsProject,
    QgsRectangle, QgsSingleSymbolRenderer, QgsVectorLayer, QgsVectorLayerUtils,
)
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTimer
from qgis.PyQt.QtWidgets import QDialog, QMenu

MASTER_PASSWORD = "overblikskort-desktop-test"
SITES = (
    ("POLYGON((718500 6171000, 718600 6171000, 718600 6171100, 718500 6171100, 718500 6171000))",
     {"navn": "Avedøre Holme", "status": "ledig"}),
    ("POLYGON((718000 6170000, 718100 6170100, 718100 6170000, 718000 6170100, 718000 6170000))",
     {"navn": "Sløjfen", "status": "ledig"}),
)


class DesktopSession:
    def __init__(self, config: dict):
        self.config = config
        self.out_dir = Path(config["out_dir"])
        self.marker = {"stages": [], "screenshots": []}
        self.iface = qgis.utils.iface
        self.main_window = self.iface.mainWindow()
        self.instance = None
        self.answers = []
        self.sites_extent = None

    def write_marker(self) -> None:
        print(f"overblikskort desktop session: stages {self.marker['stages']}", file=sys.stderr,
              flush=True)
        path = self.out_dir / "desktop_marker.json"
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.marker, ensure_ascii=False, indent=2), "utf-8")
        temporary.replace(path)

    def fail(self, message: str) -> None:
        self.marker["error"] = message
        self.write_marker()
        self.quit()

    def guarded(self, step):
        def run():
            try:
                step()
            except Exception:
                self.fail(traceback.format_exc())
        return run

    def wait_for(self, condition, then, what: str, seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds

        def poll():
            try:
                ready = condition()
            except Exception:
                self.fail(traceback.format_exc())
                return
            if ready:
                QTimer.singleShot(600, self.guarded(then))  # let Qt paint before the next step
            elif time.monotonic() > deadline:
                self.fail(f"timed out waiting for {what}")
            else:
                QTimer.singleShot(100, poll)
        QTimer.singleShot(100, poll)

    def screenshot(self, name: str) -> None:
        for _ in range(5):
            QCoreApplication.processEvents()
        path = self.out_dir / name
        subprocess.run(["import", "-display", self.config["display"], "-window", "root",
                        str(path)], check=True, timeout=30)
        self.marker["screenshots"].append(name)

    def message_bar(self) -> dict:
        item = self.iface.messageBar().currentItem()
        if item is None:
            return {}
        return {"title": item.title(), "text": item.text(), "level": int(item.level())}

    def menu_action(self, index: int):
        menu = self.main_window.findChild(QMenu, "OverblikskortMenu")
        return next(action for action in menu.actions()
                    if action.objectName() == f"Overblikskort:{index}")

    def quit(self) -> None:
        """Leaves through QGIS's own Exit (which unloads the plugin); the temporary findings
        layer goes first, or QGIS would ask whether to discard it."""
        if self.instance is not None and self.instance.dock is not None:
            self.instance.dock.close_issue_layer()
        QgsProject.instance().setDirty(False)
        QTimer.singleShot(0, self.iface.actionExit().trigger)

    def start(self) -> None:
        installed = sys.modules.get("overblikskort")
        self.instance = qgis.utils.plugins.get("overblikskort")
        self.marker.update({
            "qgis_version": Qgis.QGIS_VERSION,
            "application": QCoreApplication.applicationFilePath(),
            "platform": QgsApplication.platformName(),
            "active_plugins": sorted(qgis.utils.active_plugins),
            "plugin_file": getattr(installed, "__file__", None),
            "main_window_title": self.main_window.windowTitle(),
        })
        if self.instance is None:
            self.fail("the plugin 'overblikskort' was not started by QGIS")
            return
        menu = self.main_window.findChild(QMenu, "OverblikskortMenu")
        self.marker["menu"] = {"title": menu.title() if menu else None,
                               "in_menu_bar": menu is not None
                               and menu.menuAction() in self.main_window.menuBar().actions(),
                               "actions": [action.text() for action in menu.actions()]
                               if menu else []}
        self.main_window.setGeometry(0, 0, 1600, 1000)
        self.configure_publisher()
        self.open_workspace()
        self.write_marker()
        self.kontrol()

    def configure_publisher(self) -> None:
        """What the planner sets up once: a 'Basic' authentication configuration holding the
        token, and the plugin's options (address, kommune, that configuration)."""
        manager = QgsApplication.authManager()
        if not manager.setMasterPassword(MASTER_PASSWORD, True):
            raise RuntimeError("the QGIS authentication database refused the master password")
        config = QgsAuthMethodConfig("Basic")
        config.setName("Overblikskort")
        config.setConfig("username", "desktop")
        config.setConfig("password", self.config["token"])
        stored, config = manager.storeAuthenticationConfig(config)
        if not stored:
            raise RuntimeError("the authentication configuration was not stored")
        from overblikskort.core.settings import Settings

        Settings(self.config["publisher_url"], self.config["kommune"], config.id()).save()

    def open_workspace(self) -> None:
        from overblikskort.core.workspace import (
            add_to_project, create_workspace, open_workspace, workspace_layers,
        )

        project = QgsProject.instance()
        for path in self.config["context_layers"]:
            context = QgsVectorLayer(path, Path(path).stem, "ogr")
            if not context.isValid():
                raise RuntimeError(f"the context layer {path} did not load")
            context.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
                {"color": "238,238,238,255", "outline_color": "150,150,150",
                 "outline_width": "0.2"})))
            project.addMapLayer(context)
        path = Path(self.config["workspace"])
        create_workspace(path)
        add_to_project(open_workspace(path, self.config["kommune"]), project)
        sites = workspace_layers(project)["erhvervsareal"]
        if not sites.startEditing():
            raise RuntimeError("the erhvervsareal layer cannot be edited")
        for wkt, values in SITES:
            feature = QgsVectorLayerUtils.createFeature(sites, QgsGeometry.fromWkt(wkt), {},
                                                        sites.createExpressionContext())
            for name, value in {"anvendelse_generel": 31, **values}.items():
                feature[name] = value
            sites.addFeature(feature)
        if not sites.commitChanges():
            raise RuntimeError("; ".join(sites.commitErrors()))
        self.marker["workspace_features"] = sites.featureCount()
        self.sites_extent = QgsRectangle(sites.extent())
        self.sites_extent.grow(400)

    def kontrol(self) -> None:
        action = self.menu_action(3)
        self.marker["kontrol_action"] = action.text()
        action.trigger()
        dock = self.instance.dock
        self.wait_for(lambda: dock.result is not None and dock.task is None,
                      self.zoom_to_sites, "the check in the Kontrol dock")

    def zoom_to_sites(self) -> None:
        canvas = self.iface.mapCanvas()
        canvas.setExtent(self.sites_extent)
        canvas.refresh()
        self.wait_for(lambda: not canvas.isDrawing(), self.after_kontrol, "the map to draw")

    def after_kontrol(self) -> None:
        dock = self.instance.dock
        dock.tree.expandAll()
        self.marker["kontrol"] = {
            **self.dock_state(),
            "rules": sorted({finding.rule for finding in dock.result.report.findings}),
            "map_extent": self.iface.mapCanvas().extent().toString(0),
            "wanted_extent": self.sites_extent.toString(0),
        }
        self.marker["stages"].append("kontrol")
        self.screenshot("desktop_kontrol.png")
        self.write_marker()
        self.send()

    def dock_state(self) -> dict:
        dock = self.instance.dock
        top_left = dock.mapTo(self.main_window, dock.rect().topLeft())
        return {
            "dock_title": dock.windowTitle(),
            "dock_visible": dock.isVisible(),
            "dock_area": "right" if self.main_window.dockWidgetArea(dock)
            == Qt.RightDockWidgetArea else "other",
            "dock_geometry": [top_left.x(), top_left.y(), dock.width(), dock.height()],
            "summary": dock.summary.text(),
            "tree_top_level": [dock.tree.topLevelItem(i).text(0)
                               for i in range(dock.tree.topLevelItemCount())],
        }

    def send(self) -> None:
        action = self.menu_action(4)
        self.marker["send_action"] = action.text()
        action.trigger()
        flow = self.instance.send_flow
        flow.finished.connect(self.answers.append)
        self.wait_for(lambda: self.answers, self.after_send, "the publisher's answer", 45)

    def after_send(self) -> None:
        answer = self.answers[0]
        self.marker["send"] = {
            "answer": None if answer is None else {"id": answer.get("id"),
                                                   "status": answer.get("status")},
            "message_bar": self.message_bar(),
            **self.dock_state(),
        }
        self.marker["stages"].append("send")
        self.screenshot("desktop_send.png")
        self.write_marker()
        if answer is None:
            self.fail("the send stopped: " + json.dumps(self.message_bar(), ensure_ascii=False))
            return
        self.submissions()

    def submissions(self) -> None:
        action = self.menu_action(5)
        self.marker["submissions_action"] = action.text()
        action.trigger()
        dialog = self.instance.submissions_dialog
        self.wait_for(lambda: dialog.isVisible() and dialog.table.rowCount() > 0,
                      self.after_submissions, "'Mine indsendelser' to list the submission")

    def after_submissions(self) -> None:
        dialog = self.instance.submissions_dialog
        table = dialog.table
        self.marker["submissions"] = {
            "dialog_title": dialog.windowTitle(),
            "dialog_visible": dialog.isVisible(),
            "is_dialog": isinstance(dialog, QDialog),
            "rows": [[table.item(row, column).text() if table.item(row, column) else ""
                      for column in range(table.columnCount())]
                     for row in range(table.rowCount())],
        }
        self.marker["stages"].append("submissions")
        self.screenshot("desktop_mine_indsendelser.png")
        dialog.close()
        self.marker["finished"] = True
        self.write_marker()
        self.quit()


def _begin() -> None:
    config = json.loads(Path(os.environ["OVERBLIKSKORT_DESKTOP_CONFIG"]).read_text("utf-8"))
    session = DesktopSession(config)
    QTimer.singleShot(0, session.guarded(session.start))
    _SESSIONS.append(session)


_SESSIONS = []  # keeps the session alive between its timers
QTimer.singleShot(1000, _begin)
