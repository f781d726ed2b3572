"""Where the benchmarks find the real corpora: ``../shared/corpora`` beside the checkout, or
beside a folder holding it (a git worktree nested deeper, such as ``/work/wt/NAME``).

``CORPORA`` is the first ancestor of this checkout with ``shared/corpora`` in it; when none
has, ``../shared/corpora``, so that a missing corpus is reported under the documented path.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPORA = next((up / "shared" / "corpora" for up in REPO.parents if (up / "shared" / "corpora").is_dir()),
               REPO.parent / "shared" / "corpora")
