"""The publisher token, read from the QGIS authentication database (never from plain settings)."""

from __future__ import annotations

from qgis.core import QgsApplication, QgsAuthMethodConfig

from datamodel.messages import BilingualError

TOKEN_KEYS = ("token", "password")
"""A 'Basic' configuration keeps the token as its password; token-type methods as 'token'."""


class MissingCredentials(BilingualError):
    """No usable token for the publisher in the QGIS authentication database."""


def publisher_token(auth_config_id: str) -> str:
    if not auth_config_id:
        raise MissingCredentials(
            "Vælg en godkendelseskonfiguration med jeres token under Indstillinger ▸ "
            "Indstillinger ▸ Overblikskort.",
            "Choose an authentication configuration holding your token under Settings ▸ "
            "Options ▸ Overblikskort.",
        )
    ok, config = QgsApplication.authManager().loadAuthenticationConfig(
        auth_config_id, QgsAuthMethodConfig(), True
    )
    token = next((config.config(key) for key in TOKEN_KEYS if config.config(key)), "")
    if not ok or not token:
        raise MissingCredentials(
            f"Godkendelseskonfigurationen {auth_config_id} findes ikke eller har intet token "
            "(gem token som adgangskode i en 'Basic'-konfiguration).",
            f"The authentication configuration {auth_config_id} does not exist or holds no "
            "token (store the token as the password of a 'Basic' configuration).",
        )
    return token


def configured_client(settings):
    """A client for the publisher of the plugin's settings, or None when its address, the
    municipality code or a usable token is missing."""
    from .publisher_client import PublisherClient

    if not settings.publisher_url or not settings.kommunekode or settings.problems():
        return None
    try:
        return PublisherClient(settings.publisher_url, publisher_token(settings.auth_config_id))
    except MissingCredentials:
        return None
