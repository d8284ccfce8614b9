"""Renders the nginx site (deploy/nginx/overblikskort.conf.template) from the publisher's settings.

    /opt/overblikskort/venv/bin/python deploy/render_nginx.py \\
        --env-file /etc/overblikskort/overblikskort.env \\
        --upstream 127.0.0.1:8001 --upstream 127.0.0.1:8002 \\
        --listen 443 --server-name kort.example.dk \\
        --tls-certificate /etc/ssl/kort.pem --tls-key /etc/ssl/private/kort.key \\
        --out /etc/nginx/sites-available/overblikskort

Run it with the publisher's Python (it imports `publisher`), and again after changing the upload
limit or the public folder. The upload limit and its JSON error, the build id pattern, the 410
body and the cache rules come from the publisher's code, so nginx answers as the publisher does.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Mapping

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "overblikskort.conf.template"
PLACEHOLDER = re.compile(r"\$\{([A-Z_]+)\}")
UPSTREAM = re.compile(r"(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}|unix:/[^\s;{}'\"$]+")
UNSAFE_IN_PATH = re.compile(r"[\s;{}'\"$#\\]")
CURRENT_MARKER = "OVERBLIKSKORT_CURRENT_BUILD"


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=value`` lines as systemd's EnvironmentFile and compose's env_file read them."""
    values: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key.strip()):
            raise ValueError(f"{path}:{number}: not KEY=value: {line}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def _nginx_string(text: str) -> str:
    """Text for a single-quoted nginx string (nginx expands $ everywhere, so none may occur)."""
    if "$" in text:
        raise ValueError(f"a '$' would be read by nginx as a variable: {text}")
    return text.replace("\\", "\\\\").replace("'", "\\'")


def _json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False)  # as the publisher writes its JSON


def _tls(certificate: Path | None, key: Path | None) -> str:
    if certificate is None and key is None:
        return ""
    if certificate is None or key is None:
        raise ValueError("TLS needs both --tls-certificate and --tls-key")
    for path in (certificate, key):
        if not path.is_absolute() or UNSAFE_IN_PATH.search(str(path)):
            raise ValueError(f"a certificate path is absolute, without spaces or ;{{}}$#: {path}")
    return f"    ssl_certificate {certificate};\n    ssl_certificate_key {key};"


def site_values(
    settings,
    upstreams: list[str],
    listen: str,
    server_name: str,
    certificate: Path | None = None,
    key: Path | None = None,
) -> dict[str, str]:
    from publisher.api.errors import too_large_body
    from publisher.api.serving import request_body_limit
    from publisher.public.routes import (
        BUILD_DATA_CACHE,
        BUILD_ID,
        DOWNLOAD_CACHE_SECONDS,
        superseded_body,
    )

    public_dir = str(Path(settings.public_path).absolute())
    if UNSAFE_IN_PATH.search(public_dir):
        raise ValueError(
            f"the public folder's path may not hold spaces, quotes or ;{{}}$#\\: {public_dir}"
        )
    for upstream in upstreams:
        if not UPSTREAM.fullmatch(upstream):
            raise ValueError(f"an upstream is host:port or unix:/path, not {upstream!r}")
    if not re.fullmatch(r"[A-Za-z0-9.:\[\]*_-]+", listen) or not re.fullmatch(
        r"[A-Za-z0-9. *_~^\\-]+", server_name
    ):
        raise ValueError("--listen is [address:]port, --server-name nginx's server_name")
    superseded = _nginx_string(_json(superseded_body(CURRENT_MARKER)))
    return {
        "UPSTREAM_SERVERS": "\n".join(f"    server {upstream};" for upstream in upstreams),
        "LISTEN": f"{listen} ssl" if certificate else listen,
        "TLS": _tls(certificate, key),
        "SERVER_NAME": server_name,
        "PUBLIC_DIR": public_dir,
        "BODY_LIMIT": str(request_body_limit(settings)),
        "TOO_LARGE_BODY": _nginx_string(_json(too_large_body(settings.max_upload_bytes))),
        "BUILD_ID": BUILD_ID.pattern,
        "BUILD_DATA_CACHE": BUILD_DATA_CACHE,
        "DOWNLOAD_CACHE": f"public, max-age={DOWNLOAD_CACHE_SECONDS}",
        "SUPERSEDED_BODY": superseded.replace(json.dumps(CURRENT_MARKER), "$overblikskort_current"),
    }


def render(values: Mapping[str, str], template: str | None = None) -> str:
    text = TEMPLATE.read_text(encoding="utf-8") if template is None else template
    missing = sorted({name for name in PLACEHOLDER.findall(text) if name not in values})
    if missing:
        raise ValueError(f"no value for {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--env-file",
        type=Path,
        help="the publisher's environment file (else the process environment)",
    )
    parser.add_argument(
        "--upstream",
        action="append",
        required=True,
        help="an API process, host:port (repeat for each)",
    )
    parser.add_argument("--listen", default="80", help="nginx's listen address (default 80)")
    parser.add_argument("--server-name", default="_", help="nginx's server_name (default _)")
    parser.add_argument(
        "--tls-certificate", type=Path, help="serve HTTPS with this certificate (full chain, PEM)"
    )
    parser.add_argument("--tls-key", type=Path, help="the certificate's private key (PEM)")
    parser.add_argument("--out", type=Path, help="write here (default: standard output)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)

    from publisher.settings import Settings

    environ = dict(os.environ)
    if args.env_file:
        environ.update(read_env_file(args.env_file))
    try:
        settings = Settings.load(environ=environ)
        site = render(
            site_values(
                settings,
                args.upstream,
                args.listen,
                args.server_name,
                args.tls_certificate,
                args.tls_key,
            )
        )
    except ValueError as error:
        print(f"render_nginx: {error}", file=sys.stderr)
        return 2
    if args.out:
        args.out.write_text(site, encoding="utf-8")
    else:
        sys.stdout.write(site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
