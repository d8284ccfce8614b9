"""QGIS adapters of the plugin: workspace, forms, styles, settings, validation (no widgets here)."""
