"""Runs inside the real QGIS desktop (``qgis --code``), started by qgis_desktop_screenshots.py.

A planner's first morning with the plugin, through QGIS's own dialogs and the plugin's menu:

1. *Plugins ▸ Manage and Install Plugins ▸ Settings ▸ Add…*: the publisher's plugin repository
   (``/plugins/plugins.xml``); the plugin is installed from it by QGIS's plugin installer;
2. *Hent Erhvervsstyrelsens referencelag…* (screenshot of the references dialog);
3. *Importér til arbejdsfil…*: the Hvidovre lokalplaner for business with the mapping saved last
   time (for another file of the same Plandata schema), rows outside the kommune skipped
   (screenshot of the preview);
4. *Kontrollér arbejdsfil* (screenshot of the Kontrol dock with a long finding chosen);
5. *Send til godkendelse…* and *Mine indsendelser…*.

After each step it writes what QGIS shows into a JSON marker, then leaves through QGIS's Exit.
Its input is the JSON file named by OVERBLIKSKORT_DESKTOP_CONFIG (keys: out_dir, workspace,
publisher_url, repository_url, token, kommune, plans, other_plans, display).
"""

import json
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

import qgis.utils
from qgis.core import Qgis, QgsApplication, QgsAuthMethodConfig, QgsProject, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication, QDialog, QMenu

MASTER_PASSWORD = "overblikskort-desktop-test"
REPOSITORY_NAME = "Erhvervsstyrelsen"
REPOSITORIES = "app/plugin_repositories"
OFFICIAL_URL = "https://plugins.qgis.org/plugins/plugins.xml"
BUSINESS_PLANS = '"anvgen" IN (21, 31) OR "komnr" <> 167'
"""The Hvidovre file's plans for business and mixed use, and the neighbours' plans it carries."""
MENU = {"import": 2, "references": 3, "kontrol": 4, "send": 5, "submissions": 6}


class DesktopSession:
    def __init__(self, config: dict):
        self.config = config
        self.out_dir = Path(config["out_dir"])
        self.marker = {"stages": [], "screenshots": []}
        self.iface = qgis.utils.iface
        self.main_window = self.iface.mainWindow()
        self.instance = None
        self.answers = []
        self.import_dialog = None

    # -- plumbing ---------------------------------------------------------------------------
    def write_marker(self) -> None:
        print(
            f"overblikskort desktop session: stages {self.marker['stages']}",
            file=sys.stderr,
            flush=True,
        )
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

    def later(self, step, milliseconds: int = 0) -> None:
        QTimer.singleShot(milliseconds, self.guarded(step))

    def wait_for(self, condition, then, what: str, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds

        def poll():
            try:
                ready = condition()
            except Exception:
                self.fail(traceback.format_exc())
                return
            if ready:
                self.later(then, 600)  # let Qt paint before the next step
            elif time.monotonic() > deadline:
                self.fail(f"timed out waiting for {what}")
            else:
                QTimer.singleShot(100, poll)

        QTimer.singleShot(100, poll)

    def stage(self, name: str, screenshot: str | None = None) -> None:
        self.marker["stages"].append(name)
        if screenshot:
            for _ in range(5):
                QCoreApplication.processEvents()
            subprocess.run(
                [
                    "import",
                    "-display",
                    self.config["display"],
                    "-window",
                    "root",
                    str(self.out_dir / screenshot),
                ],
                check=True,
                timeout=30,
            )
            self.marker["screenshots"].append(screenshot)
        self.write_marker()

    def menu_action(self, step: str):
        menu = self.main_window.findChild(QMenu, "OverblikskortMenu")
        return next(
            action
            for action in menu.actions()
            if action.objectName() == f"Overblikskort:{MENU[step]}"
        )

    def message_bar(self) -> dict:
        item = self.iface.messageBar().currentItem()
        if item is None:
            return {}
        return {"title": item.title(), "text": item.text(), "level": int(item.level())}

    def quit(self) -> None:
        """Leaves through QGIS's own Exit (which unloads the plugin); the temporary findings
        layer goes first, or QGIS would ask whether to discard it."""
        if self.instance is not None and self.instance.dock is not None:
            self.instance.dock.close_issue_layer()
        QgsProject.instance().setDirty(False)
        QTimer.singleShot(0, self.iface.actionExit().trigger)

    # -- 1. the plugin from the publisher's repository --------------------------------------
    def start(self) -> None:
        self.main_window.setGeometry(0, 0, 1600, 1000)
        self.marker.update(
            {
                "qgis_version": Qgis.QGIS_VERSION,
                "application": QCoreApplication.applicationFilePath(),
                "platform": QgsApplication.platformName(),
                "main_window_title": self.main_window.windowTitle(),
                "installed_at_start": "overblikskort" in qgis.utils.available_plugins,
            }
        )
        self.write_marker()
        self.add_repository()

    def add_repository(self) -> None:
        """What the planner does in the plugin manager's Settings tab: Add…, name and URL, OK."""
        import pyplugin_installer

        settings = QgsSettings()
        settings.beginGroup(REPOSITORIES)
        for name in settings.childGroups():  # the official one: no internet here
            if settings.value(f"{name}/url") == OFFICIAL_URL:
                settings.setValue(f"{name}/enabled", False)
        settings.endGroup()
        settings.setValue("app/plugin_installer/allowExperimental", True)

        def fill_in():
            dialog = QApplication.activeModalWidget()
            dialog.editName.setText(REPOSITORY_NAME)
            dialog.editURL.setText(self.config["repository_url"])
            self.marker["repository_dialog"] = dialog.windowTitle()
            dialog.accept()

        QTimer.singleShot(500, self.guarded(fill_in))
        pyplugin_installer.instance().addRepository()  # modal; fetches the repository after OK
        self.later(self.install)

    def install(self) -> None:
        import pyplugin_installer
        from pyplugin_installer.installer_data import plugins, repositories

        repository = repositories.all()[REPOSITORY_NAME]
        offered = plugins.all().get("overblikskort", {})
        self.marker["repository"] = {
            "url": repository["url"],
            "state": repository["state"],
            "error": repository["error"],
            "offered_version": offered.get("version_available_experimental")
            or offered.get("version_available"),
        }
        pyplugin_installer.instance().installPlugin("overblikskort", quiet=True, stable=False)
        self.instance = qgis.utils.plugins.get("overblikskort")
        installed = sys.modules.get("overblikskort")
        self.marker.update(
            {
                "active_plugins": sorted(qgis.utils.active_plugins),
                "plugin_file": getattr(installed, "__file__", None),
            }
        )
        if self.instance is None:
            self.fail("the plugin 'overblikskort' was not installed from the repository")
            return
        menu = self.main_window.findChild(QMenu, "OverblikskortMenu")
        self.marker["menu"] = {
            "title": menu.title() if menu else None,
            "in_menu_bar": menu is not None
            and menu.menuAction() in self.main_window.menuBar().actions(),
            "actions": [action.text() for action in menu.actions()] if menu else [],
        }
        self.stage("installed")
        self.configure_publisher()
        self.open_workspace()
        self.later(self.fetch_references)

    def configure_publisher(self) -> None:
        """A 'Basic' authentication configuration holding the token, and the plugin's options."""
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
        from overblikskort.core.workspace import add_to_project, create_workspace, open_workspace

        path = Path(self.config["workspace"])
        create_workspace(path)
        add_to_project(open_workspace(path, self.config["kommune"]), QgsProject.instance())

    # -- 2. Erhvervsstyrelsen's reference layers --------------------------------------------
    def fetch_references(self) -> None:
        self.menu_action("references").trigger()
        dialog = self.instance.references_dialog
        self.wait_for(
            lambda: dialog.task is None and dialog.table.rowCount() > 0,
            self.after_references,
            "Erhvervsstyrelsen's reference layers",
            90,
        )

    def after_references(self) -> None:
        dialog = self.instance.references_dialog
        from overblikskort.core.erst_references import ERST_PROPERTY, Manifest

        self.marker["references"] = {
            "dialog_title": dialog.windowTitle(),
            "rows": [
                [
                    dialog.table.item(row, column).text()
                    for column in range(dialog.table.columnCount())
                ]
                for row in range(dialog.table.rowCount())
            ],
            "status": dialog.fetch_status.text(),
            "kinds": sorted(Manifest.load().kinds),
            "layers": sorted(
                layer.name()
                for layer in QgsProject.instance().mapLayers().values()
                if layer.customProperty(ERST_PROPERTY)
            ),
        }
        self.stage("references", "desktop_referencelag.png")
        dialog.close()
        self.later(self.start_import)

    # -- 3. the import with the saved mapping -----------------------------------------------
    def start_import(self) -> None:
        from overblikskort.core.field_mapping import save_mapping, suggest_mapping
        from qgis.core import QgsVectorLayer

        project = QgsProject.instance()
        earlier = QgsVectorLayer(self.config["other_plans"], "Herlev_lokalplaner", "ogr")
        mapping = suggest_mapping(earlier, "erhvervsareal")
        mapping.rule("status").constant = "ledig"  # last time the planner chose "ledig"
        save_mapping(earlier, mapping)  # saved per Plandata's schema, not per file
        plans = QgsVectorLayer(self.config["plans"], "Hvidovre_lokalplaner", "ogr")
        plans.setSubsetString(BUSINESS_PLANS)
        project.addMapLayer(plans)
        self.plans_id = plans.id()
        self.later(self.open_import_dialog)
        self.menu_action("import").trigger()  # modal: the steps go on inside its event loop

    def open_import_dialog(self) -> None:
        from overblikskort.gui.import_dialog import CONSTANT_COLUMN, ImportDialog

        dialog = next(
            widget
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, ImportDialog) and widget.isVisible()
        )
        self.import_dialog = dialog
        dialog.resize(1100, 820)
        dialog.source_box.setLayer(QgsProject.instance().mapLayer(self.plans_id))
        sites = next(
            index
            for index in range(dialog.target_box.count())
            if dialog.target_box.itemText(index) in ("Erhvervsareal", "Business site")
        )
        dialog.target_box.setCurrentIndex(sites)
        row = next(
            row
            for row in range(dialog.table.rowCount())
            if dialog.table.item(row, 0).toolTip() == "status"
        )
        self.marker["import"] = {
            "saved_status": dialog.table.cellWidget(row, CONSTANT_COLUMN).currentData(),
            "skip_outside": dialog.skip_outside.isChecked(),
        }
        dialog.preview()
        self.wait_for(
            lambda: dialog.task is None and dialog.report is not None,
            self.after_preview,
            "the import preview",
            60,
        )

    def after_preview(self) -> None:
        dialog = self.import_dialog
        report = dialog.report
        self.marker["import"].update(
            {
                "total": report.total,
                "ready": report.ready,
                "outside": len(report.outside),
                "outside_codes": sorted({code for _, _, code in report.outside}),
                "failures": len(report.failures),
                "summary": dialog.summary.text(),
            }
        )
        self.stage("import_preview", "desktop_import.png")
        dialog.run_import()
        self.wait_for(lambda: dialog.task is None, self.after_import, "the import", 60)

    def after_import(self) -> None:
        dialog = self.import_dialog
        from overblikskort.core.workspace import workspace_layers

        sites = workspace_layers()["erhvervsareal"]
        if not sites.commitChanges():
            raise RuntimeError("; ".join(sites.commitErrors()))
        self.marker["import"].update(
            {
                "imported": dialog.report.imported,
                "workspace_features": sites.featureCount(),
                "kommunekoder": sorted(
                    {str(feature["kommunekode"]) for feature in sites.getFeatures()}
                ),
                "statuses": sorted({str(feature["status"]) for feature in sites.getFeatures()}),
            }
        )
        dialog.accept()
        self.stage("import")
        self.later(self.kontrol)

    # -- 4. Kontrol -------------------------------------------------------------------------
    def kontrol(self) -> None:
        self.menu_action("kontrol").trigger()
        dock = self.instance.dock
        self.wait_for(
            lambda: dock.result is not None and dock.task is None,
            self.zoom_to_sites,
            "the check in the Kontrol dock",
            120,
        )

    def zoom_to_sites(self) -> None:
        from overblikskort.core.workspace import workspace_layers

        canvas = self.iface.mapCanvas()
        extent = workspace_layers()["erhvervsareal"].extent()
        extent.grow(300)
        canvas.setExtent(extent)
        canvas.refresh()
        self.wait_for(lambda: not canvas.isDrawing(), self.after_kontrol, "the map to draw")

    def after_kontrol(self) -> None:
        dock = self.instance.dock
        dock.tree.expandAll()
        longest = max(self.findings(), key=lambda item: len(item.text(0)))
        dock.tree.setCurrentItem(longest)
        dock.tree.scrollToItem(longest)
        top_left = dock.mapTo(self.main_window, dock.rect().topLeft())
        rect = dock.tree.visualItemRect(longest)
        self.marker["kontrol"] = {
            "dock_title": dock.windowTitle(),
            "dock_visible": dock.isVisible(),
            "dock_area": "right"
            if self.main_window.dockWidgetArea(dock) == Qt.RightDockWidgetArea
            else "other",
            "dock_geometry": [top_left.x(), top_left.y(), dock.width(), dock.height()],
            "summary": dock.summary.text(),
            "references_note": dock.references_note.text(),
            "counts": dock.result.report.summary,
            "rules": sorted({finding.rule for finding in dock.result.report.findings}),
            "tree_top_level": [
                dock.tree.topLevelItem(i).text(0) for i in range(dock.tree.topLevelItemCount())
            ],
            "longest_finding": longest.text(0),
            "longest_finding_rect": [rect.width(), rect.height()],
            "row_height": dock.tree.visualItemRect(dock.tree.topLevelItem(0)).height(),
            "tree_width": dock.tree.viewport().width(),
            "details": dock.details.text(),
        }
        self.stage("kontrol", "desktop_kontrol.png")
        self.later(self.send)

    def findings(self):
        tree = self.instance.dock.tree
        for top in range(tree.topLevelItemCount()):
            severity = tree.topLevelItem(top)
            for rule in range(severity.childCount()):
                for number in range(severity.child(rule).childCount()):
                    yield severity.child(rule).child(number)

    # -- 5. send and Mine indsendelser ------------------------------------------------------
    def send(self) -> None:
        self.menu_action("send").trigger()
        self.instance.send_flow.finished.connect(self.answers.append)
        self.wait_for(lambda: self.answers, self.after_send, "the publisher's answer", 120)

    def after_send(self) -> None:
        answer = self.answers[0]
        self.marker["send"] = {
            "answer": None
            if answer is None
            else {
                "id": answer.get("id"),
                "status": answer.get("status"),
                "counts": answer.get("report", {}).get("summary"),
            },
            "message_bar": self.message_bar(),
            "summary": self.instance.dock.summary.text(),
        }
        self.stage("send", "desktop_send.png")
        if answer is None:
            self.fail("the send stopped: " + json.dumps(self.message_bar(), ensure_ascii=False))
            return
        self.menu_action("submissions").trigger()
        dialog = self.instance.submissions_dialog
        self.wait_for(
            lambda: dialog.isVisible() and dialog.table.rowCount() > 0,
            self.after_submissions,
            "'Mine indsendelser' to list the submission",
        )

    def after_submissions(self) -> None:
        dialog = self.instance.submissions_dialog
        table = dialog.table
        self.marker["submissions"] = {
            "dialog_title": dialog.windowTitle(),
            "is_dialog": isinstance(dialog, QDialog),
            "rows": [
                [
                    table.item(row, column).text() if table.item(row, column) else ""
                    for column in range(table.columnCount())
                ]
                for row in range(table.rowCount())
            ],
        }
        self.stage("submissions", "desktop_mine_indsendelser.png")
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
