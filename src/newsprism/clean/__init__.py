"""Boilerplate removal: an article's text without its site furniture (clean v2).

Rules (patterns, site templates, position) decide first; a small line model
(``clean.model``) revises the position cuts and catches what the rules kept.
"""

from .core import clean, clean_text
from .options import CleanOptions
from .templates import SiteTemplates, TemplateView, line_key

__all__ = ["CleanOptions", "SiteTemplates", "TemplateView", "clean", "clean_text", "line_key"]
