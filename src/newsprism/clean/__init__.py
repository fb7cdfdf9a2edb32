"""Boilerplate removal: an article's text without its site furniture (clean v1)."""

from .core import clean, clean_text
from .options import CleanOptions

__all__ = ["CleanOptions", "clean", "clean_text"]
