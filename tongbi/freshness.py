"""Keys of what a piece of work was made from, so that work whose inputs did not change is skipped.

An unchanged rerun must change nothing and cost little (issue 5: under 30 s at 10,000
reports). Two places remember what they were made from:

- the warehouse's `build_state` row: the key of the loaded documents and the SQL that built
  every relation (tongbi.warehouse rebuilds only when it differs);
- a stamp file in each output folder: that warehouse key plus the key of the code, templates
  and suites that wrote the folder, and what the stage returned (validate, report and publish
  return it again instead of rewriting identical files).

A stamp is removed before its outputs are rewritten and written after them, so a stage
interrupted half-way leaves no stamp and runs in full next time.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

STAMP_VERSION = 1
T = TypeVar("T")
PACKAGE_DIR = Path(__file__).resolve().parent


def once(fn: Callable[[], T]) -> Callable[[], T]:
    """`fn` computed at most once per process, even when many threads ask at the same moment.

    functools.cache alone lets every thread that arrives before the first result compute it
    too: 64 extract tasks starting together each parsed the extractor's sources (13 s).
    """
    lock = threading.Lock()
    cached = functools.cache(fn)

    @functools.wraps(fn)
    def wrapper() -> T:
        with lock:
            return cached()

    return wrapper


def key_of(*parts: Any) -> str:
    """A sha256 hex key of the parts (strings, or anything JSON can write, in order)."""
    digest = hashlib.sha256()
    for part in parts:
        text = part if isinstance(part, str) else json.dumps(part, sort_keys=True, default=str)
        digest.update(text.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def files_key(paths: Iterable[Path]) -> str:
    """The key of the files' names (with their folder's) and bytes (directories: every file
    under them, sorted); the same files copied elsewhere have the same key."""
    digest = hashlib.sha256()
    for path in sorted(_expand(paths)):
        digest.update(f"{path.parent.name}/{path.name}".encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _expand(paths: Iterable[Path]) -> Iterable[Path]:
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from (p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif path.exists():
            yield path


def code_key(*modules: ModuleType, extra: Iterable[Path] = ()) -> str:
    """The key of the modules' source files and of the extra files or folders (templates, suites)."""
    return files_key([Path(m.__file__) for m in modules] + list(extra))


def tongbi_modules(root: str) -> set[str]:
    """The tongbi module `root` (a name without the package) and every tongbi module it imports,
    transitively, read from the sources (nothing is imported)."""
    seen, todo = set(), [root]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(_tongbi_imports(module) - seen)
    return seen


def _tongbi_imports(module: str) -> set[str]:
    """The tongbi modules a tongbi module's source imports (names without the package)."""
    tree = ast.parse((PACKAGE_DIR / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "tongbi":
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tongbi."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("tongbi."))
    return {name for name in found if (PACKAGE_DIR / f"{name}.py").exists()}


def stamp_path(folder: Path, stage: str) -> Path:
    """Where `stage` keeps its stamp in `folder`."""
    return Path(folder) / f".tongbi-{stage}.json"


def current(folder: Path, stage: str, key: str) -> dict | None:
    """What `stage` returned when it last wrote `folder` from inputs with `key`; None if stale."""
    path = stamp_path(folder, stage)
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stamp.get("version") != STAMP_VERSION or stamp.get("key") != key:
        return None
    return stamp.get("result")


def forget(folder: Path, stage: str) -> None:
    """Removes `stage`'s stamp: its outputs are about to change."""
    stamp_path(folder, stage).unlink(missing_ok=True)


def remember(folder: Path, stage: str, key: str, result: Any) -> Path:
    """Writes `stage`'s stamp (atomically) once its outputs in `folder` are complete."""
    path = stamp_path(folder, stage)
    tmp = path.with_name(path.name + ".tmp")
    stamp = {"version": STAMP_VERSION, "key": key, "result": result}
    tmp.write_text(json.dumps(stamp, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)
    return path
