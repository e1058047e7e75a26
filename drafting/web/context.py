"""What every page of one server shares: the work folder, the token, the names of uploads."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from .folder import Upload, WorkFolder


@dataclass
class Workbench:
    """The state of one ``draft serve``: set up once, shared by all requests (threads)."""

    work: WorkFolder
    token: str
    hosts: frozenset[str]
    #: saved upload → the name the user gave it, so messages name the user's file
    names: dict[Path, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: long jobs (batch drafting) by id; each page that runs one keeps what it needs here
    tasks: dict[str, object] = field(default_factory=dict)

    def remember(self, upload: Upload) -> Upload:
        """Keep the user's name of an upload for messages about it."""
        with self.lock:
            self.names[upload.path] = upload.name
        return upload


def bench() -> Workbench:
    """The workbench of the application handling this request."""
    return current_app.extensions["drafting"]
