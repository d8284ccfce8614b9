"""The production layout of deploy/ on loopback, for the tests.

The units' own command lines, environment file and umask start the migration, two API processes
and the build worker on one PostGIS database; real nginx (Debian's) runs the site rendered by
deploy/render_nginx.py in front, its workers as www-data when the tests run as root, so the
public folder's permissions are those of production.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from loopback import free_port, stop_process

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
UNITS = DEPLOY / "systemd"
UNIT_PYTHON = "/opt/overblikskort/venv/bin/python"
NGINX = "/usr/sbin/nginx"
NGINX_USER = "www-data"
START_SECONDS = 60


def render_module():
    """deploy/render_nginx.py, which is a script, not a package module."""
    spec = importlib.util.spec_from_file_location("render_nginx", DEPLOY / "render_nginx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A systemd unit file: section -> key -> values (a key may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    section = None
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            section = sections.setdefault(header.group(1), {})
            continue
        key, _, value = line.partition("=")
        section.setdefault(key.strip(), []).append(value.strip())
    return sections


def unit_command(path: Path, instance: str = "") -> list[str]:
    """The unit's ExecStart with this checkout's Python in place of the installed one."""
    command = shlex.split(read_unit(path)["Service"]["ExecStart"][0].replace("%i", instance))
    assert command[0] == UNIT_PYTHON, command
    return [sys.executable, *command[1:]]


def env_file_from_template(target: Path, values: dict[str, str]) -> Path:
    """deploy/overblikskort.env.template with these values filled in (each key must be there)."""
    text = (DEPLOY / "overblikskort.env.template").read_text()
    for key, value in values.items():
        text, count = re.subn(rf"^{key}=.*$", f"{key}={value}", text, flags=re.M)
        assert count == 1, f"{key} is not in the environment file template"
    target.write_text(text)
    return target


def wait_for(condition, what: str, seconds: float = 180.0, interval: float = 0.3):
    """Polls ``condition()`` until it returns something true; fails after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(interval)


def write_nginx_conf(folder: Path, site: Path, as_root: bool) -> Path:
    """nginx's main configuration around the site, everything in ``folder``, in the foreground,
    its workers as www-data when started as root (as Debian's nginx runs them)."""
    temp_paths = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    path = folder / "nginx.conf"
    path.write_text(f"""\
{f"user {NGINX_USER} {NGINX_USER};" if as_root else ""}
worker_processes 1;
daemon off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} notice;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder / "access.log"};
{temp_paths}
    include {site};
}}
""")
    return path


def nginx_command(folder: Path) -> list[str]:
    return [
        NGINX,
        "-c",
        str(folder / "nginx.conf"),
        "-p",
        str(folder),
        "-e",
        str(folder / "error.log"),
    ]


def _answers(url: str, status: int = 200) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == status
    except requests.ConnectionError:
        return False


def start_nginx(
    folder: Path, env_file: Path, upstreams: list[str], environment: dict[str, str]
) -> tuple[subprocess.Popen, str]:
    """Debian's nginx with the site deploy/render_nginx.py renders from ``env_file``, on a free
    loopback port; returns the process and its URL. ``folder`` must be readable by www-data."""
    port = free_port()
    site = folder / "overblikskort.conf"
    arguments = ["--env-file", str(env_file), "--listen", f"127.0.0.1:{port}", "--out", str(site)]
    for upstream in upstreams:
        arguments += ["--upstream", upstream]
    rendered = subprocess.run(
        [sys.executable, str(DEPLOY / "render_nginx.py"), *arguments],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert rendered.returncode == 0, rendered.stderr
    write_nginx_conf(folder, site, as_root=os.geteuid() == 0)
    command = nginx_command(folder)
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_for(lambda: _answers(f"{url}/kort/data/", 404), "nginx", START_SECONDS)
    return process, url


@dataclass
class Deployment:
    database_url: str
    max_upload_bytes: int = 200_000
    root: Path = field(
        default_factory=lambda: Path(tempfile.mkdtemp(prefix="overblikskort-deploy-"))
    )
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    api_urls: list[str] = field(default_factory=list)
    nginx_url: str = ""

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def public_dir(self) -> Path:
        return self.root / "public"

    def start(self) -> Deployment:
        self.root.chmod(0o755)
        for folder in ("logs", "nginx"):
            (self.root / folder).mkdir()
        self.data_dir.mkdir(mode=0o700)  # StateDirectoryMode=0700 of the units
        self.public_dir.mkdir()
        if os.geteuid() == 0:  # docs/deploy.md: owned by the publisher, group www-data, setgid
            shutil.chown(self.public_dir, group=NGINX_USER)
        self.public_dir.chmod(0o2750)
        self.env_file = env_file_from_template(
            self.root / "overblikskort.env",
            {
                "OVERBLIKSKORT_DATABASE_URL": self.database_url,
                "OVERBLIKSKORT_DATA_DIR": str(self.data_dir),
                "OVERBLIKSKORT_PUBLIC_DIR": str(self.public_dir),
                "OVERBLIKSKORT_NODE_MODULES": str(REPO / "node_modules"),
                "OVERBLIKSKORT_MAX_UPLOAD_BYTES": str(self.max_upload_bytes),
            },
        )
        migrate = self._run_unit("overblikskort-migrate.service", wait=True)
        assert migrate.returncode == 0, self.log("overblikskort-migrate.service")
        ports = [free_port(), free_port()]
        for port in ports:
            self._run_unit("overblikskort-publisher@.service", str(port))
            self.api_urls.append(f"http://127.0.0.1:{port}")
        self._run_unit("overblikskort-build-worker.service")
        wait_for(
            lambda: "build worker:" in self.log("overblikskort-build-worker.service"),
            "the build worker to listen",
            START_SECONDS,
        )
        for url in self.api_urls:
            wait_for(
                lambda url=url: _answers(f"{url}/api/v1/openapi.json"),
                f"the API at {url}",
                START_SECONDS,
            )
        self.processes["nginx"], self.nginx_url = start_nginx(
            self.root / "nginx",
            self.env_file,
            [f"127.0.0.1:{port}" for port in ports],
            self.environment(),
        )
        return self

    def environment(self) -> dict[str, str]:
        """What systemd gives a unit: its EnvironmentFile (and a PATH)."""
        values = render_module().read_env_file(self.env_file)
        base = {
            key: value for key, value in os.environ.items() if not key.startswith("OVERBLIKSKORT_")
        }
        return {**base, **values}

    def _run_unit(self, unit: str, instance: str = "", wait: bool = False):
        path = UNITS / unit
        umask = int(read_unit(path)["Service"]["UMask"][0], 8)
        name = unit.replace("@.service", f"@{instance}.service")
        with open(self.root / "logs" / f"{name}.log", "wb") as log:
            process = subprocess.Popen(
                unit_command(path, instance),
                cwd=self.data_dir,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=lambda: os.umask(umask),
            )
        if wait:
            process.wait(timeout=START_SECONDS)
            return process
        self.processes[name] = process
        return process

    def log(self, name: str) -> str:
        path = self.root / "logs" / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        for process in self.processes.values():
            stop_process(process)
        shutil.rmtree(self.root, ignore_errors=True)
