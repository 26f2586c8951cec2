"""Writes for the returns app: the import entry point and the submission workflow."""

from .imports import ImportResult, return_import, rows_from_file, rows_from_table  # noqa: F401
