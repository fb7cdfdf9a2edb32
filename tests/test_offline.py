"""The models load and run with the network cut off: nothing is fetched at run time."""

from __future__ import annotations

import subprocess
import sys

PROGRAM = r"""
import socket

def refuse(*args, **kwargs):
    raise OSError("network access attempted during an offline test")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

from newsprism.analyse import analyse
from newsprism.model import Article

text = (
    "Ships wait\n\n"
    "Диалог продолжится: США ответят на российские предложения по безопасности\n\n"
    "The harbour minister Ilse Marrow said the port of Veyra would reopen "
    "within ten days, and the coastguard kept two boats beside the stranded tanker."
)
a = analyse(Article(ext_id="x", text=text, source="x", kind="text"))
assert a.language == "en", a.language
assert [s.label for s in a.languages] == ["ru"], a.languages
assert any(e.label == "PERSON" for e in a.entities), a.entities
print("offline ok")
"""


def test_models_load_without_network() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "offline ok" in done.stdout
