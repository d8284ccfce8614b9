"""The public blueprint alone in a Flask app, over a folder the public build wrote."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from publisher.public import PublicSettings, create_blueprint


def public_app(public_dir: Path, **settings) -> Flask:
    app = Flask("overblikskort-public-test")
    app.register_blueprint(create_blueprint(PublicSettings(public_dir=public_dir, **settings)))
    return app
