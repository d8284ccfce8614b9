"""What the composition root plugs in by default: the public viewer and the public build."""

from __future__ import annotations

from ..settings import Settings
from ..store import Store
from ..store.store import Checkpoint


def default_blueprints(settings: Settings) -> list:
    """The public viewer and OGC API Features (/kort/, /ogc/), the approval pages (/godkend/) and
    the QGIS plugin repository (/plugins/)."""
    from ..plugin_repository import create_blueprint as plugin_repository_blueprint
    from ..public import create_blueprint as public_blueprint
    from ..review import create_blueprint as review_blueprint

    return [
        public_blueprint(settings),
        review_blueprint(settings.node_modules_path),
        plugin_repository_blueprint(settings.plugin_repository_path),
    ]


def publication_for(
    settings: Settings, store: Store, checkpoint: Checkpoint | None = None, in_process: bool = True
):
    """The background build worker of this process (not started: ``serve`` starts it), or, when
    the build worker runs as its own process, what signals that one."""
    from ..publication import BuildRequests, BuildWorker

    if not in_process:
        return BuildRequests(store)
    return BuildWorker(store, settings, checkpoint=checkpoint)
