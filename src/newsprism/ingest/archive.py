"""Archives (``.zip``, ``.tar``, ``.tar.gz``/``.tgz``/``.tar.bz2``/``.tar.xz``).

Every member is read as if it were a file, so it is sniffed again and nested
archives are opened too. A member's source is ``archive.zip!dir/file.txt``;
its folder, for the outlet rules, is the folder it sits in inside the archive,
or the archive's own name (without suffix) for members at the top. Hidden
members, ``__MACOSX`` and ``outlets.csv`` are passed over, like in folders.
Each member is capped at ``max_bytes`` before it is read.
"""

from __future__ import annotations

import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import PurePosixPath
from typing import BinaryIO

from ..model import Problem
from .blob import Blob, over_cap
from .sniff import suffix_of

OUTLETS_CSV = "outlets.csv"


def members(blob: Blob, kind: str, max_bytes: int) -> Iterator[Blob | Problem]:
    """The members of a zip or tar archive as blobs, in name order; Problems for bad ones."""
    label = "zip" if kind == "zip" else "tar"
    try:
        with blob.open() as stream:
            if kind == "zip":
                yield from _zip_members(blob, stream, max_bytes)
            else:
                yield from _tar_members(blob, stream, max_bytes)
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, zlib.error) as e:
        yield Problem(blob.source, f"corrupt {label} archive ({e})")


def _zip_members(blob: Blob, stream: BinaryIO, max_bytes: int) -> Iterator[Blob | Problem]:
    with zipfile.ZipFile(stream) as archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir() or _passed_over(info.filename):
                continue
            if info.file_size > max_bytes:
                yield Problem(
                    _member_source(blob, info.filename), over_cap(info.file_size, max_bytes)
                )
                continue
            try:
                with archive.open(info) as member:
                    data = member.read(max_bytes + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error) as e:
                yield Problem(_member_source(blob, info.filename), f"cannot read member ({e})")
                continue
            yield _checked(blob, info.filename, data, max_bytes)


def _tar_members(blob: Blob, stream: BinaryIO, max_bytes: int) -> Iterator[Blob | Problem]:
    with tarfile.open(fileobj=stream, mode="r:*") as archive:
        for info in sorted(archive.getmembers(), key=lambda i: i.name):
            if not info.isfile() or _passed_over(info.name):
                continue
            if info.size > max_bytes:
                yield Problem(_member_source(blob, info.name), over_cap(info.size, max_bytes))
                continue
            member = archive.extractfile(info)
            if member is None:
                continue
            yield _checked(blob, info.name, member.read(max_bytes + 1), max_bytes)


def _passed_over(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return (
        any(p.startswith(".") or p == "__MACOSX" for p in parts)
        or not parts
        or parts[-1] == OUTLETS_CSV
    )


def _member_source(blob: Blob, name: str) -> str:
    return f"{blob.source}!{name.lstrip('/')}"


def _checked(blob: Blob, name: str, data: bytes, max_bytes: int) -> Blob | Problem:
    # The size in the header was checked; this catches a header that lied.
    if len(data) > max_bytes:
        return Problem(_member_source(blob, name), over_cap(None, max_bytes))
    return _member(blob, name, data)


def _member(blob: Blob, name: str, data: bytes) -> Blob:
    path = PurePosixPath(name.lstrip("/"))
    archive_name = blob.name[: len(blob.name) - len(suffix_of(blob.name))] or blob.name
    folder = path.parent.name or archive_name
    place = blob.place
    if place is not None:  # the archive counts as a folder: "bundle.zip/site/a.txt"
        place = replace(place, inner=f"{place.inner}/{path}" if place.inner else str(path))
    return Blob.of_bytes(
        data, source=_member_source(blob, name), name=path.name, folder=folder, place=place
    )
