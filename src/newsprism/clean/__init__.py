"""Boilerplate removal: an article's text without its site furniture (clean v1)."""

from .core import CleanOptions, clean, clean_text

__all__ = ["CleanOptions", "clean", "clean_text"]
