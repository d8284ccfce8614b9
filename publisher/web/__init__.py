"""The public viewer's static files (``viewer/``), shipped as package data."""
