"""newsprism: one story, every outlet's version of it, side by side."""

__version__ = "0.1.0"
