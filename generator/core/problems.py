"""Problems with input: where (file, line) and what is wrong, in words a contributor can act on."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one input file. ``line`` is 1-based, or ``None`` when the problem is
    about the file as a whole. ``message`` says what is wrong and what would be right;
    ``mentioned`` are the other files it names, written into it as ``str(path)`` (the place
    of a conflicting listing), so that :meth:`relative_to` shortens them too."""

    path: Path
    line: int | None
    message: str
    mentioned: tuple[Path, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"

    def relative_to(self, root: Path) -> Problem:
        """This problem with its path and the files its message mentions relative to
        ``root`` where they lie under it (so that a project's files read
        ``digests/2025-03-18.yml``, as ``validate`` names them); the others unchanged."""
        message = self.message
        for other in self.mentioned:
            message = message.replace(str(other), str(_under(other, root)))
        return replace(self, path=_under(self.path, root), message=message)


def _under(path: Path, root: Path) -> Path:
    """``path`` relative to ``root`` when it lies under it, else ``path``."""
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def shortened(text: str, max_chars: int = 80) -> str:
    """``text`` as it goes into a message: at most ``max_chars`` characters, an ellipsis and
    the full length replacing the rest (a 5 MB value makes no 5 MB message)."""
    return text if len(text) <= max_chars else f"{text[:max_chars]}… ({len(text):,} characters)"


class InputError(Exception):
    """Raised when input cannot be used; carries every :class:`Problem` found in the run,
    so that a contributor sees them all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))
