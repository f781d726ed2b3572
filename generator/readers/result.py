"""What every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model import Digest
from generator.problems import Problem


@dataclass
class ReadResult:
    """The digests read from one input file (one per day it covers), the number of records
    seen, and every record skipped, each as a :class:`Problem` saying which and why."""

    digests: list[Digest]
    records: int = 0
    skipped: list[Problem] = field(default_factory=list)
