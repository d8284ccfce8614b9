"""The import as a QgsTask: 10,000 features are read and converted off the main thread, cancel
changes nothing, one undo removes the whole import."""

from __future__ import annotations

import threading

import pytest
from qgis.core import QgsApplication, QgsVectorLayer

from plugin.core.field_mapping import suggest_mapping
from plugin.core.importer import Importer, ImportTask
from plugin.core.workspace import add_to_project, create_workspace, open_workspace, workspace_layers
from qgis_support import many_squares, wait_until

COUNT = 10_000


class ThreadRecordingImporter(Importer):
    """The real importer, noting the thread its conversion runs in."""

    threads: list[threading.Thread]

    def convert(self, *arguments, **keywords):
        self.threads = [*getattr(self, "threads", []), threading.current_thread()]
        return super().convert(*arguments, **keywords)


def run_task(task: ImportTask, limit_seconds: float = 180.0, cancel: bool = False):
    """Runs the event loop until the task has reported; returns what it reported."""
    outcome = []
    task.done.connect(lambda report: outcome.append(report))
    task.failed.connect(lambda message: outcome.append(message))
    QgsApplication.taskManager().addTask(task)
    if cancel:
        task.cancel()
    wait_until(lambda: bool(outcome), limit_seconds)
    return outcome[0]


@pytest.fixture()
def sites(tmp_path, settings_sandbox, clean_project):
    path = tmp_path / "stor.gpkg"
    create_workspace(path)
    add_to_project(open_workspace(path, "0167"), clean_project)
    return workspace_layers(clean_project)["erhvervsareal"]


@pytest.fixture()
def many_sites(clean_project):
    """10,000 squares in WGS84, every 20th with a status outside the code list."""
    source = many_squares(COUNT)
    clean_project.addMapLayer(source)
    return source


def test_ten_thousand_features_import_in_a_background_task(many_sites, sites):
    mapping = suggest_mapping(many_sites, "erhvervsareal")
    synchronous = Importer(many_sites, sites, mapping).preview()
    assert (synchronous.total, synchronous.ready) == (COUNT, COUNT - COUNT // 20)

    previewing = ThreadRecordingImporter(many_sites, sites, mapping)
    preview = run_task(ImportTask(previewing, False))
    assert (preview.total, preview.ready) == (synchronous.total, synchronous.ready)
    assert sites.featureCount() == 0 and not sites.isEditable()

    importing = ThreadRecordingImporter(many_sites, sites, mapping)
    report = run_task(ImportTask(importing, True))
    # The reading and converting ran in QGIS's task threads, never in the main (GUI) thread;
    # how long the main loop would stand still otherwise is measured in bench/bench_import_task.py.
    for used in (previewing, importing):
        assert len(used.threads) == 1 and used.threads[0] is not threading.main_thread()
    assert report.imported == synchronous.ready
    assert report.failures == synchronous.failures
    assert "Status: 'solgt?' is not in the code list (map it to a code)" in report.reason_counts()
    assert sites.featureCount() == synchronous.ready
    imported = next(sites.getFeatures())
    assert imported["objekt_id"] and imported["kommunekode"] == "0167"
    assert imported["areal_m2"] > 1000 and imported["status"] == "ledig"
    box = imported.geometry().boundingBox()
    assert 700000 < box.xMinimum() < 730000 and 6160000 < box.yMinimum() < 6180000

    assert sites.isEditable() and sites.undoStack().count() == 1
    sites.undoStack().undo()
    assert sites.featureCount() == 0


def test_a_canceled_import_changes_nothing(many_sites, sites):
    mapping = suggest_mapping(many_sites, "erhvervsareal")
    message = run_task(ImportTask(Importer(many_sites, sites, mapping), True), cancel=True)
    assert message == "The import was canceled; nothing was added."
    assert sites.featureCount() == 0
    assert not sites.isEditable() and not sites.isModified()


def test_an_import_into_a_layer_being_edited_joins_its_edit_buffer(many_sites, sites):
    mapping = suggest_mapping(many_sites, "erhvervsareal")
    assert sites.startEditing()
    report = run_task(ImportTask(Importer(many_sites, sites, mapping), True))
    assert sites.isModified() and sites.featureCount() == report.imported
    assert sites.commitChanges(), sites.commitErrors()
    reopened = QgsVectorLayer(sites.source(), "saved", "ogr")
    assert reopened.featureCount() == report.imported == COUNT - COUNT // 20
