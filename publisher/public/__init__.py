"""The public side of the publisher: viewer, build artefacts and OGC API Features.

`create_blueprint(settings)` takes the publisher's Settings (or a PublicSettings) and returns one
Flask blueprint; the app factory registers it. It only reads the public folder the build writes.
"""

from .routes import PublicSettings, create_blueprint, public_settings

__all__ = ["PublicSettings", "create_blueprint", "public_settings"]
