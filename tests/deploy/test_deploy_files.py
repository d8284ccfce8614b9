"""deploy/'s files hold together: the compose file (Docker does not run here, so its structure is
checked: every file, volume, service and command it names exists and parses), the Dockerfile,
and the systemd units (systemd-analyze verify; every command line parses with the publisher's
own command line). test_nginx.py runs the units and the nginx site for real."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from dataclasses import fields

import pytest
import yaml

from deployment import (
    DEPLOY,
    REPO,
    UNIT_PYTHON,
    UNITS,
    nginx_command,
    read_unit,
    render_module,
    write_nginx_conf,
)
from publisher.cli import build_parser
from publisher.settings import ENV_PREFIX, Settings

pytestmark = pytest.mark.deploy

IMAGE_ROOT = "/opt/overblikskort/"
"""Where the Dockerfile puts this repository's deploy/ folder and the publisher."""


def _env_template() -> dict[str, str]:
    return render_module().read_env_file(DEPLOY / "overblikskort.env.template")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def _volumes(service: dict) -> dict[str, tuple[str, bool]]:
    """Mount point -> (volume or path, read-only)."""
    mounts = {}
    for entry in service.get("volumes", []):
        source, target, *mode = entry.split(":")
        mounts[target] = (source, mode == ["ro"])
    return mounts


def _publisher_arguments(command: list[str]):
    return build_parser().parse_args(command)


def test_compose_names_only_files_volumes_and_services_that_exist(compose):
    services = compose["services"]
    assert {"db", "migrate", "publisher", "build-worker", "nginx-site", "nginx"} <= set(services)
    declared_volumes = set(compose.get("volumes") or {})
    for name, service in services.items():
        assert "image" in service or "build" in service, name
        if "build" in service:
            context = (DEPLOY / service["build"]["context"]).resolve()
            assert (context / service["build"]["dockerfile"]).is_file(), name
        for env_file in (
            [service["env_file"]]
            if isinstance(service.get("env_file"), str)
            else service.get("env_file", [])
        ):
            # The operator copies the template (and keeps the copy out of git: it has secrets).
            assert (DEPLOY / f"{env_file}.template").is_file(), (name, env_file)
            assert (
                subprocess.run(
                    ["git", "check-ignore", "-q", str(DEPLOY / env_file)], cwd=REPO
                ).returncode
                == 0
            ), f"{env_file} must be git-ignored"
        for source, _ in _volumes(service).values():
            if source.startswith((".", "/")):
                assert (DEPLOY / source).exists(), (name, source)
            else:
                assert source in declared_volumes, (name, source)
        for needed, condition in (service.get("depends_on") or {}).items():
            assert needed in services, (name, needed)
            assert condition["condition"] in (
                "service_started",
                "service_healthy",
                "service_completed_successfully",
            )
            if condition["condition"] == "service_healthy":
                assert "healthcheck" in services[needed], needed
    assert services["publisher"]["deploy"]["replicas"] >= 2


def test_compose_runs_real_publisher_commands_on_one_public_volume(compose):
    services = compose["services"]
    public_dir = services["build-worker"]["environment"]["OVERBLIKSKORT_PUBLIC_DIR"]
    commands = {
        name: services[name]["command"] for name in ("migrate", "publisher", "build-worker")
    }
    assert _publisher_arguments(commands["migrate"]).command == "migrate"
    serve = _publisher_arguments(commands["publisher"])
    assert serve.command == "serve" and serve.build_worker is False and serve.trusted_proxy
    assert _publisher_arguments(commands["build-worker"]).command == "build-worker"

    # One public volume: written by the build worker only, read by the API processes and nginx
    # at the path the nginx site is rendered with.
    public = _volumes(services["build-worker"])[public_dir]
    assert public[1] is False
    for reader in ("publisher", "nginx"):
        assert _volumes(services[reader])[public_dir] == (public[0], True), reader
    site = services["nginx-site"]
    script = site["entrypoint"][-1]
    assert script.startswith(IMAGE_ROOT + "deploy/")
    assert (DEPLOY / script.removeprefix(IMAGE_ROOT + "deploy/")).is_file()
    rendered = render_module().build_parser().parse_args(site["command"])
    assert site["environment"]["OVERBLIKSKORT_PUBLIC_DIR"] == public_dir
    assert rendered.upstream == [f"publisher:{serve.port}"]
    site_volume = _volumes(site)[str(rendered.out.parent)][0]
    assert _volumes(services["nginx"])["/etc/nginx/conf.d"] == (site_volume, True)
    assert rendered.out.suffix == ".conf"  # nginx's image includes conf.d/*.conf
    assert services["build-worker"]["shm_size"]  # tippecanoe's temporary files


def test_the_dockerfile_copies_what_exists_and_runs_the_publisher():
    lines = (DEPLOY / "Dockerfile").read_text().splitlines()
    copies = [shlex.split(line)[1:] for line in lines if line.startswith("COPY ")]
    sources = [
        source
        for *sources, _ in copies
        if not sources[0].startswith("--from")
        for source in sources
    ]
    assert sources
    for source in sources:
        assert (REPO / source).exists(), source
    assert 'ENTRYPOINT ["python", "-m", "publisher"]' in lines
    assert any(line.startswith("COPY deploy " + IMAGE_ROOT + "deploy") for line in lines)


def test_the_environment_template_sets_only_known_settings():
    known = {ENV_PREFIX + field.name.upper() for field in fields(Settings)}
    template = _env_template()
    assert {key for key in template if key.startswith(ENV_PREFIX)} <= known
    settings = Settings.load(environ=template)
    assert settings.uses_postgis
    assert not settings.public_path.is_relative_to(settings.data_dir)  # nginx reads only one


def test_the_systemd_units_verify(tmp_path):
    for unit in UNITS.iterdir():
        text = unit.read_text().replace(UNIT_PYTHON, sys.executable)
        (tmp_path / unit.name).write_text(text)
    units = sorted(str(path) for path in tmp_path.iterdir())
    verified = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True
    )
    assert verified.returncode == 0 and not verified.stderr.strip(), verified.stderr


def test_the_systemd_units_run_the_publisher_with_the_right_rights():
    template = _env_template()
    data_dir, public_dir = template["OVERBLIKSKORT_DATA_DIR"], template["OVERBLIKSKORT_PUBLIC_DIR"]
    commands, writable = {}, {}
    for unit in UNITS.glob("*.service"):
        service = read_unit(unit)["Service"]
        command = shlex.split(service["ExecStart"][0].replace("%i", "8001"))
        assert command[:3] == [UNIT_PYTHON, "-m", "publisher"], unit.name
        commands[unit.name] = _publisher_arguments(command[3:])
        writable[unit.name] = service["ReadWritePaths"][0].split()
        assert service["EnvironmentFile"] == ["/etc/overblikskort/overblikskort.env"]
        assert service["WorkingDirectory"] == [data_dir] and data_dir in writable[unit.name]
    assert commands["overblikskort-migrate.service"].command == "migrate"
    api = commands["overblikskort-publisher@.service"]
    assert api.command == "serve" and api.build_worker is False and api.port == 8001
    assert commands["overblikskort-build-worker.service"].command == "build-worker"
    # Only the build worker may write the public folder; its files stay group-readable (nginx).
    assert public_dir in writable["overblikskort-build-worker.service"]
    assert public_dir not in writable["overblikskort-publisher@.service"]
    worker = read_unit(UNITS / "overblikskort-build-worker.service")["Service"]
    assert worker["UMask"] == ["0027"]


def test_the_nginx_renderer_refuses_what_nginx_would_misread(tmp_path, capsys):
    render = render_module()
    env = tmp_path / "env"
    env.write_text("OVERBLIKSKORT_PUBLIC_DIR=/srv/with space/public\n")
    assert render.main(["--env-file", str(env), "--upstream", "127.0.0.1:8001"]) == 2
    assert "public folder" in capsys.readouterr().err
    env.write_text("OVERBLIKSKORT_PUBLIC_DIR=/srv/overblikskort/public\n")
    assert render.main(["--env-file", str(env), "--upstream", "127.0.0.1:8001; evil"]) == 2
    assert "upstream" in capsys.readouterr().err
    assert (
        render.main(
            [
                "--env-file",
                str(env),
                "--upstream",
                "127.0.0.1:8001",
                "--out",
                str(tmp_path / "site.conf"),
            ]
        )
        == 0
    )
    site = (tmp_path / "site.conf").read_text()
    assert not re.search(r"\$\{[A-Z_]+\}", site)
    assert "root /srv/overblikskort/public/current;" in site


def test_the_nginx_site_with_tls_is_valid_for_nginx(tmp_path):
    certificate, key = tmp_path / "kort.pem", tmp_path / "kort.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=kort.example.dk",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    env = tmp_path / "env"
    env.write_text(f"OVERBLIKSKORT_PUBLIC_DIR={tmp_path / 'public'}\n")
    site = tmp_path / "site.conf"
    assert (
        render_module().main(
            [
                "--env-file",
                str(env),
                "--upstream",
                "127.0.0.1:8001",
                "--listen",
                "127.0.0.1:8443",
                "--server-name",
                "kort.example.dk",
                "--tls-certificate",
                str(certificate),
                "--tls-key",
                str(key),
                "--out",
                str(site),
            ]
        )
        == 0
    )
    assert "listen 127.0.0.1:8443 ssl;" in site.read_text()
    write_nginx_conf(tmp_path, site, as_root=False)
    checked = subprocess.run([*nginx_command(tmp_path), "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
