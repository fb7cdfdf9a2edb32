"""One input to read: a file, an archive member or a URL body, opened lazily."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO


@dataclass(frozen=True)
class Place:
    """Where a blob sits on disk, for the outlets.csv lookup.

    ``file`` is the real file (the archive, for a member), ``root`` the folder
    the user named (the lookup stops there) and ``inner`` the member's path
    inside the archive, if any (``"site/a.txt"`` or ``"b.zip/site/a.txt"``).
    """

    file: Path
    root: Path
    inner: str = ""


@dataclass(frozen=True)
class Blob:
    """Bytes to sniff and read, and what to call them in articles and problems."""

    source: str  # how Article.source and Problem.source name it
    name: str  # the file name: the default ext_id, and the suffix for sniffing
    open: Callable[[], BinaryIO]
    size: int | None = None  # known before reading, if it is
    folder: str | None = None  # for the last-resort folder outlet rule
    place: Place | None = None
    charset: str | None = None  # declared by an HTTP header
    url: str | None = None  # for a fetched body: the URL

    @property
    def ext_id(self) -> str:
        """What a user knows a one-article input by: its URL, else its file name."""
        return self.url or self.name

    @classmethod
    def of_bytes(
        cls,
        data: bytes,
        *,
        source: str,
        name: str,
        folder: str | None = None,
        place: Place | None = None,
        charset: str | None = None,
        url: str | None = None,
    ) -> Blob:
        """A blob already in memory: an archive member or a fetched body."""
        return cls(
            source=source,
            name=name,
            open=lambda: io.BytesIO(data),
            size=len(data),
            folder=folder,
            place=place,
            charset=charset,
            url=url,
        )


def read_capped(stream: BinaryIO, max_bytes: int) -> bytes | None:
    """Read a whole stream, or None as soon as it holds more than ``max_bytes``."""
    data = stream.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def over_cap(size: int | None, max_bytes: int) -> str:
    """The message for an input over the size cap (``size`` None: known only to be over)."""
    held = f"{size:,} bytes" if size is not None else f"more than {max_bytes:,} bytes"
    return f"{held}, over the size cap of {max_bytes:,} bytes (max_bytes)"
