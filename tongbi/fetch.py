"""URL sources: timeouts, retries with backoff, a size limit, and conditional re-fetch (stdlib only)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from tongbi.settings import Settings

CHUNK = 1 << 16
_STATE_LOCK = threading.Lock()  # ingest tasks fetch in parallel threads; one writer of the state


class FetchError(OSError):
    """A URL that gave no usable bytes; the message names the URL and the reason."""


def fetch(url: str, settings: Settings) -> bytes:
    """The bytes at a URL: a 304 reuses the archived copy; 5xx and network errors are retried."""
    entry = _state(settings).get(url, {})
    cached = _archived(entry.get("sha256"), settings)
    headers = {"User-Agent": "tongbi"}
    if cached is not None:
        # Ask only when the copy is really there: a lost archive means an unconditional GET.
        if entry.get("etag"):
            headers["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = entry["last_modified"]
    status, data, validators = _get_with_retries(url, headers, settings)
    if status == 304 and cached is not None:
        return cached.read_bytes()
    _remember(settings, url, validators | {"sha256": hashlib.sha256(data).hexdigest()})
    return data


def _get_with_retries(url: str, headers: dict, settings: Settings) -> tuple[int, bytes, dict]:
    """(status, body, validators) of a GET; FetchError after a 4xx or the last failed attempt."""
    delay = settings.fetch_backoff
    for attempt in range(settings.fetch_retries + 1):
        try:
            return _get(url, headers, settings)
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return 304, b"", {}
            if exc.code < 500:  # the server understood and said no: asking again will not help
                raise FetchError(f"HTTP {exc.code} {exc.reason} from {url}") from exc
            reason = f"HTTP {exc.code} {exc.reason}"
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = _reason(exc, settings)
        if attempt < settings.fetch_retries:
            time.sleep(delay)
            delay *= 2
    raise FetchError(f"{reason} from {url} (after {settings.fetch_retries + 1} attempts)")


def _reason(exc: Exception, settings: Settings) -> str:
    """A short reason for a network failure; timeouts say how long we waited."""
    inner = getattr(exc, "reason", exc)
    if isinstance(inner, TimeoutError) or isinstance(exc, TimeoutError):
        return f"timed out after {settings.fetch_timeout:g} s"
    return f"cannot connect ({inner})"


def _get(url: str, headers: dict, settings: Settings) -> tuple[int, bytes, dict]:
    """One GET with the size limit applied while reading (a lying Content-Length cannot bypass it)."""
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=settings.fetch_timeout) as response:
        limit = settings.max_source_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(_too_large(url, int(declared), limit))
        chunks, size = [], 0
        while chunk := response.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise FetchError(_too_large(url, size, limit))
            chunks.append(chunk)
        validators = {
            "etag": response.headers.get("ETag"),
            "last_modified": response.headers.get("Last-Modified"),
        }
        return response.status, b"".join(chunks), validators


def _too_large(url: str, size: int, limit: int) -> str:
    return (
        f"too large: {url} sends more than {limit:,} bytes ({size:,} seen); "
        "raise TONGBI_MAX_SOURCE_BYTES to accept it"
    )


def _archived(sha256: str | None, settings: Settings) -> Path | None:
    """The archived original with this hash (ingest names it sha256 + suffix), if present."""
    if not sha256:
        return None
    return next(iter(sorted(settings.raw_dir.glob(f"{sha256}*"))), None)


def _state(settings: Settings) -> dict:
    """The remembered validators per URL ({} when none or unreadable: a fresh GET is always safe)."""
    try:
        return json.loads(settings.fetch_state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _remember(settings: Settings, url: str, entry: dict) -> None:
    """Stores a URL's validators and hash, atomically (a killed run leaves the old state)."""
    with _STATE_LOCK:
        state = _state(settings) | {url: entry}
        path = settings.fetch_state_path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(state, fh, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(tmp, path)
