"""Conformance cases shared by the publisher's and the QGIS plugin's tests (pure Python)."""
