"""Factcheck Workbench."""

__version__ = "0.1.0"
