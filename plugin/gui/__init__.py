"""Widgets of the plugin: the Kontrol dock, the options page and the workspace actions."""
