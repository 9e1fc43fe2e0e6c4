"""The command line: a thin layer over the Python API."""

from extractor.cli.app import app, main

__all__ = ["app", "main"]
