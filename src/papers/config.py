"""Where the library lives and the settings read from the environment.

Everything is read at call time (never at import time) so tests can point the library and the
arXiv endpoint at temporary places with monkeypatch.setenv.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path

ARXIV_API_DEFAULT = "https://export.arxiv.org/api/query"
ARXIV_DELAY_DEFAULT = 3.0
DB_NAME = "papers.db"
PAPERS_DIR = "papers"
REVIEWS_DIR = "reviews"
VOCAB_NAME = "quant_vocab.toml"  # a library's additions to the quantization vocabulary

# Set by the CLI's --root for the duration of one command, so code that calls find_root()
# without arguments honours it too.
root_override: ContextVar[Path | None] = ContextVar("root_override", default=None)

# How the core tells the user of a long wait it cannot avoid (arXiv's Retry-After): the CLI
# sets a line on stderr; None says nothing (a library user's program).
notice: Callable[[str], None] | None = None

# This process's command line as typed (["papers", "add", "2402.15319"]), which a command writing
# the library records for the commands that wait for it (db.py); None: sys.argv, whose first
# word is a path (the script's, or papers/__main__.py's under `python -m papers`).
command_line: list[str] | None = None


def find_root(explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Path:
    """The library root: --root, else $PAPERS_ROOT, else the nearest ancestor holding
    papers/papers.db, else the git checkout whose reviews/ holds the working directory (a
    fresh clone's notes: `papers add` there made a second library inside reviews/), else the
    working directory."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    override = root_override.get()
    if override is not None:
        return override
    env = os.environ.get("PAPERS_ROOT")
    if env:
        return Path(env).expanduser().resolve()
    start = cwd.resolve() if cwd else _logical_cwd()
    for folder in (start, *start.parents):
        if (folder / PAPERS_DIR / DB_NAME).is_file():
            return folder
    for folder in (start, *start.parents):
        # (only a notes folder within a git checkout, the library at its top or in a folder of
        # it: ~/reviews/icml2025 made ~/papers/ a library)
        if folder.name == REVIEWS_DIR and any(
            (above / ".git").exists() for above in (folder.parent, *folder.parent.parents)
        ):
            return folder.parent
    return start


def _logical_cwd() -> Path:
    """The working directory as the shell names it ($PWD), through its symbolic links: in a
    library whose reviews/ links elsewhere, the resolved folder lies outside the library."""
    here = Path.cwd()
    pwd = os.environ.get("PWD")
    if pwd and os.path.isabs(pwd):
        with contextlib.suppress(OSError):
            if os.path.samefile(pwd, here):
                return Path(os.path.normpath(pwd))
    return here


def papers_dir(root: Path) -> Path:
    return root / PAPERS_DIR


def reviews_dir(root: Path) -> Path:
    return root / REVIEWS_DIR


def vocab_extension(root: Path) -> Path:
    """The library's own vocabulary entries, beside reviews/ so a team shares them with git."""
    return root / VOCAB_NAME


def file_stamp(path: str | Path) -> tuple[int, int] | None:
    """A file's mtime and size, which tell a cache that the file changed (None: no file)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def cache_dir() -> Path:
    """The user's cache folder for papers (see cache.py): $PAPERS_CACHE_DIR, else
    $XDG_CACHE_HOME/papers, else ~/.cache/papers."""
    explicit = os.environ.get("PAPERS_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME")
    if base and Path(base).is_absolute():  # the XDG spec ignores a relative one
        return Path(base) / "papers"
    return Path.home() / ".cache" / "papers"


def new_folders(folder: Path) -> list[Path]:
    """The folders that creating `folder` would make, deepest first (none when it exists)."""
    made: list[Path] = []
    while not folder.exists() and folder.parent != folder:
        made.append(folder)
        folder = folder.parent
    return made


def db_path(root: Path) -> Path:
    return papers_dir(root) / DB_NAME


def arxiv_api_url() -> str:
    return os.environ.get("PAPERS_ARXIV_API") or ARXIV_API_DEFAULT


def arxiv_delay() -> float:
    """Seconds between two arXiv requests (arXiv asks for 3)."""
    return _seconds("PAPERS_ARXIV_DELAY", ARXIV_DELAY_DEFAULT, zero_ok=True)


def arxiv_timeout() -> float:
    return _seconds("PAPERS_ARXIV_TIMEOUT", 30.0, zero_ok=False)


def arxiv_retries() -> int:
    raw = os.environ.get("PAPERS_ARXIV_RETRIES", "").strip()
    if not raw:
        return 4
    value = _decimal(raw)  # ("3.0" is three, as it always was)
    if not (value.is_integer() and 0 <= value <= MAX_RETRIES):
        raise _setting_error("PAPERS_ARXIV_RETRIES", raw, f"a whole number from 0 to {MAX_RETRIES}")
    return int(value)


def arxiv_backoff() -> float:
    """Base of the exponential backoff between retries, in seconds."""
    return _seconds("PAPERS_ARXIV_BACKOFF", 2.0, zero_ok=True)


def arxiv_speed_limit() -> float:
    """Bytes a second under which a PDF download, for arxiv_speed_time() seconds on end, is
    ended, as curl's --speed-limit: a body that trickles (a byte every 29 s) never meets the
    per-read timeout. 0 turns the check off."""
    return _number(
        "PAPERS_ARXIV_SPEED_LIMIT", 1000.0, zero_ok=True, unit="bytes a second", most=MAX_SPEED
    )


def arxiv_speed_time() -> float:
    """Seconds over which a download's speed is measured (curl's --speed-time)."""
    return _seconds("PAPERS_ARXIV_SPEED_TIME", 30.0, zero_ok=False)


def check_network_settings() -> None:
    """Every arXiv setting read once, before a command's first request: a bad one is one
    error, not one for each paper asked about."""
    arxiv_delay()
    arxiv_timeout()
    arxiv_retries()
    arxiv_backoff()
    arxiv_speed_limit()
    arxiv_speed_time()
    facet_worker()  # (not a network setting, but read before the first paper is worked on)


MAX_SECONDS = 86_400.0  # a day: more is no setting a network call can use (nor sleep, nor a timer)
MAX_RETRIES = 100
MAX_SPEED = 1e9  # bytes a second: a gigabyte; more is no speed limit a download can be held to


def _seconds(name: str, default: float, *, zero_ok: bool) -> float:
    """A setting in seconds; one that is no usable number (abc, -1, nan, inf, 0 for a timeout)
    is an error that names it, where it used to fall back unseen or fail deep in a request."""
    return _number(name, default, zero_ok=zero_ok, unit="seconds", most=MAX_SECONDS)


def _number(name: str, default: float, *, zero_ok: bool, unit: str, most: float) -> float:
    """A setting that is a number of `unit` from 0 (or more than 0) to `most` (see _seconds)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    value = _decimal(raw)
    if not (0.0 <= value <= most) or (value == 0.0 and not zero_ok):
        least = "0" if zero_ok else "more than 0"
        raise _setting_error(name, raw, f"a number of {unit} from {least} to {most:g}")
    return value


def _decimal(raw: str) -> float:
    """A setting's number as shells, config files and other programs write it (digits, a
    point, an exponent), else nan: float() also reads Python's own spellings, and
    PAPERS_ARXIV_DELAY=1_0 was ten seconds ("1_0", "٣" for 3, "infinity")."""
    return float(raw) if _DECIMAL.fullmatch(raw) else math.nan


_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def _setting_error(name: str, raw: str, wanted: str) -> Exception:
    from .errors import PapersError

    return PapersError(f"{name} must be {wanted}, not {raw!r}")


_SWITCH = {"1": True, "yes": True, "true": True, "on": True}
_SWITCH.update({"0": False, "no": False, "false": False, "off": False})


def facet_worker() -> bool:
    """Whether facets are computed in a second process during ingest (PAPERS_FACET_WORKER=0:
    in the command's own process, as on a machine with one core). Another value is an error
    that names it, as for every other setting ("abc" was read as on)."""
    raw = os.environ.get("PAPERS_FACET_WORKER", "").strip()
    if not raw:
        return True
    if (on := _SWITCH.get(raw.lower())) is None:
        raise _setting_error("PAPERS_FACET_WORKER", raw, "1 or 0 (yes/no, true/false, on/off)")
    return on
