"""Ingest: files, folders, archives and URLs in; ``Article`` and ``Problem`` objects out.

One module per source kind (``text``, ``html``, ``jsonl``, ``warc``, ``feed``,
``archive``, ``url``), chosen by ``sniff`` from each input's first bytes and
name; ``outlets`` decides each article's outlet. ``read_sources`` never raises
for a bad input: it yields a ``Problem`` naming it and goes on.

    from newsprism.ingest import read_sources, IngestOptions
    for item in read_sources(["corpus/", "https://example.com/feed.xml"]):
        ...
"""

from .dispatch import count_inputs, read_sources
from .options import FieldMap, IngestOptions

__all__ = ["FieldMap", "IngestOptions", "count_inputs", "read_sources"]
