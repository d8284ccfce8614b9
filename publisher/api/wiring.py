"""What the composition root plugs in by default: the public viewer and the public build."""
from __future__ import annotations

import logging
import threading

from ..settings import Settings
from ..store import Store

log = logging.getLogger(__name__)


def default_blueprints(settings: Settings) -> list:
    """The public viewer and OGC API Features (/kort/, /ogc/), the approval pages (/godkend/) and
    the QGIS plugin repository (/plugins/)."""
    from ..plugin_repository import create_blueprint as plugin_repository_blueprint
    from ..public import create_blueprint as public_blueprint
    from ..review import create_blueprint as review_blueprint

    return [public_blueprint(settings), review_blueprint(settings.node_modules_path),
            plugin_repository_blueprint(settings.plugin_repository_path)]


def current_releases(store: Store) -> dict:
    """kommunekode → KommuneRelease of every kommune's current release, for the build."""
    from ..outputs import KommuneRelease

    return {state.kommunekode: KommuneRelease(str(state.release_id),
                                              store.release_frames(state.release_id))
            for state in store.kommune_states() if state.release_id is not None}


def public_build_hook(settings: Settings, store: Store):
    """``hook(kommunekode)``: rebuild the public artefacts of the current releases and switch.

    Builds run one at a time; the build reuses the tiles of kommuner whose release is unchanged.
    """
    lock = threading.Lock()

    def rebuild_public(kommunekode: str) -> None:
        from ..outputs import build_public
        from ..references import reference_frames

        with lock:
            result = build_public(current_releases(store), reference_frames(store) or None,
                                  settings.public_path)
            log.info("public build %s after a change of kommune %s", result.build_id, kommunekode)

    return rebuild_public
