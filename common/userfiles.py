"""Where amguide keeps the user's files (history, exports, built-data cache): private folders, files
written whole or not at all, and the temporary files of a killed writer cleaned up at the next start."""

import functools
import os
import re
import stat
import tempfile
import time
from pathlib import Path

STALE_SECONDS = 24 * 3600   # a temporary file this old is abandoned even if its writer's pid is alive again
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")   # .NAME.PID.RANDOM.tmp, written by write_atomic


class UnreadableFile(Exception):
    """A user path that amguide will not read: its French reason (not a regular file, too big, not UTF-8)."""


def read_bytes(path: Path, max_bytes: int, private: bool = False) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, opened so that a FIFO or a device never
    blocks nor floods memory. `private`: also refuse a file of another user or one others can read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
                             | (os.O_NOFOLLOW if private else 0))
    except FileNotFoundError:
        raise UnreadableFile("fichier introuvable") from None
    except IsADirectoryError:
        raise UnreadableFile("c'est un dossier, pas un fichier") from None
    except PermissionError:
        raise UnreadableFile("lecture non autorisée (droits du fichier)") from None
    except OSError as exc:
        raise UnreadableFile(f"lecture impossible ({exc.strerror or exc})") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("ce n'est pas un fichier ordinaire (tube, périphérique ou dossier)")
        if private and (info.st_uid != os.geteuid() or info.st_mode & 0o077):
            raise UnreadableFile("fichier d'un autre compte ou lisible par d'autres")
        if info.st_size > max_bytes:
            raise UnreadableFile(f"fichier trop gros ({_size(info.st_size)} ; au plus {_size(max_bytes)})")
        with os.fdopen(os.dup(descriptor), "rb") as stream:
            data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:   # grew while being read
            raise UnreadableFile(f"fichier trop gros (au plus {_size(max_bytes)})")
        return data
    except OSError as exc:
        raise UnreadableFile(f"lecture impossible ({exc.strerror or exc})") from None
    finally:
        os.close(descriptor)


def read_text(path: Path, max_bytes: int) -> str:
    """A regular file of at most `max_bytes` (see read_bytes), decoded as UTF-8."""
    data = read_bytes(path, max_bytes)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableFile(f"ligne {line} : ce n'est pas du texte UTF-8 (octet {data[exc.start]:#04x}) ; "
                             "enregistrez le fichier en UTF-8") from None


def write_problem(exc: OSError) -> str:
    """Why a file could not be written, in French (a full disk is not an inaccessible folder)."""
    import errno

    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "disque plein"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "dossier en lecture seule ou inaccessible"
    return f"erreur d'écriture ({exc.strerror or exc})"


def write_new(path: Path, content: str | bytes) -> Path:
    """Write `content` whole to `path`, or to `NAME-2.EXT`, `NAME-3.EXT`… if taken: never overwrites a file,
    even one written by another process at the same instant (the name is claimed with a hard link)."""
    temporary = write_atomic(path.with_name(f".{path.name}.{os.getpid()}.new.tmp"), content)
    try:
        for number in range(1, 10_000):
            candidate = path if number == 1 else path.with_name(f"{path.stem}-{number}{path.suffix}")
            try:
                os.link(temporary, candidate)
                return candidate
            except FileExistsError:
                continue
        raise FileExistsError(path)
    finally:
        temporary.unlink(missing_ok=True)


def set_aside(path: Path) -> Path | None:
    """Rename a damaged file of ours beside itself (NAME.broken-DATE-PID), so that what replaces it never
    overwrites it; None if it could not be moved."""
    import datetime as dt

    stamp = f"{path.name}.broken-{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}"
    for number in range(1, 1000):   # a name already taken (two damaged files within one second) is never replaced
        aside = path.with_name(stamp if number == 1 else f"{stamp}-{number}")
        if aside.exists():
            continue
        try:
            os.replace(path, aside)
        except OSError:
            return None
        return aside
    return None


def _size(count: int) -> str:
    return f"{count / (1 << 20):.1f} Mio".replace(".", ",") if count >= 1 << 20 else f"{count // 1024} kio"


def data_dir() -> Path:
    """AMGUIDE_DATA_DIR if set (tests, portable use), else the platform's user data directory."""
    return _user_dir("AMGUIDE_DATA_DIR", "user_data_dir")


def cache_dir() -> Path:
    """AMGUIDE_CACHE_DIR if set, else the platform's user cache directory (safe to delete at any time)."""
    return _user_dir("AMGUIDE_CACHE_DIR", "user_cache_dir")


def _user_dir(variable: str, kind: str) -> Path:
    override = os.environ.get(variable)
    if override:
        return Path(override)
    import platformdirs

    return Path(getattr(platformdirs, kind)("amguide", appauthor=False))


def make_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) readable by the user only (0700), whatever the umask."""
    missing = []
    for parent in (path, *path.parents):
        if parent.exists():
            break
        missing.append(parent)
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=0o700)
        except FileExistsError:
            continue
        directory.chmod(0o700)   # mkdir's mode is filtered by the umask
    return path


def is_private_dir(path: Path) -> bool:
    """True if `path` is a real directory of the current user that nobody else can write to
    (so nobody else can have planted or swapped a file in it)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o022


def write_atomic(path: Path, content: str | bytes) -> Path:
    """Write `content` to a temporary file beside `path`, then rename it over `path` (never half a file).
    The temporary file is 0600 and carries the writer's pid, so that a killed writer's leftovers are
    recognised and removed (clean_stale)."""
    make_private_dir(path.parent)
    clean_stale(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content.encode("utf-8") if isinstance(content, str) else content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


@functools.cache
def clean_stale(directory: Path) -> None:
    """Remove, once per process, the temporary files that write_atomic left in `directory` when its
    process was killed mid-write (old naming `.NAME.RANDOM.tmp` included when a day old)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    now = time.time()
    for name in names:
        if not (name.startswith(".") and name.endswith(".tmp")):
            continue
        path = directory / name
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                continue
            found = _TEMPORARY.match(name)
            if (found and not _alive(int(found.group(1)))) or now - info.st_mtime > STALE_SECONDS:
                path.unlink()
        except OSError:
            continue


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True
