"""Writes a QGIS plugin repository (plugins.xml, plugins.xsl and the zip) for the publisher to
serve at /plugins/, with qgis-plugin-ci's own repository support.

    python scripts/plugin_repository.py VERSION ZIP DIR      (run by scripts/plugin_zip.sh
                                                             --repository DIR, in its clone)

Run in a checkout (it reads pyproject.toml's [tool.qgis-plugin-ci] and plugin/metadata.txt).
The download URL is written relative (/plugins/<zip>); the publisher makes it absolute with the
address it is reached at.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from qgispluginci.parameters import Parameters
from qgispluginci.release import create_plugin_repo

DOWNLOAD_BASE = "/plugins/"


def write_repository(version: str, plugin_zip: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.zip"):
        stale.unlink()
    shutil.copy(plugin_zip, folder / plugin_zip.name)
    parameters = Parameters.make_from(path_to_config_file=Path("pyproject.toml"))
    written = Path(
        create_plugin_repo(
            parameters,
            release_version=version,
            release_tag=version,
            archive=plugin_zip.name,
            plugin_repo_url=DOWNLOAD_BASE,
        )
    )
    shutil.move(written, folder / "plugins.xml")
    stylesheet = written.parent / "plugins.xsl"
    if stylesheet.exists():
        shutil.move(stylesheet, folder / "plugins.xsl")
    return folder / "plugins.xml"


if __name__ == "__main__":
    version, plugin_zip, folder = sys.argv[1], Path(sys.argv[2]).resolve(), Path(sys.argv[3])
    print(write_repository(version, plugin_zip, folder.resolve()))
