"""Ingest: find sources, archive their bytes under sha256, decode them to text, detect metadata."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from tongbi import docmeta, fetch, formats, freshness
from tongbi.formats import Decoded, UnreadableSource
from tongbi.model import Document
from tongbi.settings import PACKAGE_DIR, Settings

SOURCE_SUFFIXES = {".txt", ".html", ".htm", ".pdf", ".docx"}
SKIP_NAMES = {"readme.md", "manifest.csv"}
MANIFEST_COLUMNS = ("path", "agency", "year")


@dataclass
class SourceSpec:
    """A source (path or URL) plus the metadata a manifest imposes on it."""

    location: str
    agency: str | None = None
    series: str | None = None
    year: int | None = None
    problem: str | None = None  # why the source is refused before reading (e.g. outside its folder)


def read_manifest(path: Path) -> list[SourceSpec]:
    """The sources a CSV manifest (path,agency,year[,series]) lists, paths relative to its folder."""
    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as fh:  # Excel writes a BOM
        reader = csv.DictReader(fh)
        missing = [c for c in MANIFEST_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(
                f"{path} line 1: the header lacks column(s) {', '.join(missing)}; expected path,agency,year[,series]"
            )
        return [manifest_row(path, reader.line_num, row) for row in reader]


def manifest_row(manifest: Path, line: int, row: dict) -> SourceSpec:
    """One manifest row as a SourceSpec; ValueError naming the line when it is malformed."""
    where = f"{manifest} line {line}"
    if None in row or any(value is None for value in row.values()):
        n_fields = (
            len(row) - (None in row) + len(row.get(None) or []) - list(row.values()).count(None)
        )
        raise ValueError(
            f"{where}: {n_fields} fields where the header has {len(row) - (None in row)}"
        )
    location = row["path"].strip()
    if not location:
        raise ValueError(f"{where}: empty path")
    year = row["year"].strip()
    if year and not (year.isdigit() and year.isascii()):
        raise ValueError(f"{where}: year {year!r} is not an integer")
    problem = None
    if not is_url(location):
        location = os.path.normpath(manifest.parent / location)
        problem = escapes(manifest, location, where)
    return SourceSpec(
        problem=problem,
        location=location,
        agency=(row.get("agency") or "").strip() or None,  # blank means: detect it
        series=(row.get("series") or "").strip() or None,
        year=int(year) if year else None,
    )


def escapes(manifest: Path, location: str, where: str) -> str | None:
    """Why a manifest path is refused when it leads outside the manifest's folder, else None."""
    # A manifest is data from elsewhere: `../../etc/passwd` must not make a run read, archive
    # and publish a file the person who wrote the manifest never meant to share.
    folder = manifest.parent.resolve()
    if Path(location).resolve().is_relative_to(folder):
        return None
    return f"{where}: the path leads outside the manifest's folder {folder}; refused"


def discover(locations: list[str]) -> list[SourceSpec]:
    """The sources under files, folders (recursively) and URLs, sorted and deduplicated."""
    found: dict[str, SourceSpec] = {}
    for location in locations:
        if is_url(location):
            found.setdefault(location, SourceSpec(location))
            continue
        path = Path(location).expanduser()
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {location}")
        for file in [path] if path.is_file() else source_files(path):
            key = str(file.resolve())
            found.setdefault(key, SourceSpec(key))
    return sorted(found.values(), key=lambda spec: spec.location)


def source_files(folder: Path) -> list[Path]:
    """Document files under a folder, skipping hidden files and folders, READMEs and manifests."""
    return [
        file
        for file in folder.rglob("*")
        if file.is_file()
        and file.suffix.lower() in SOURCE_SUFFIXES
        and file.name.lower() not in SKIP_NAMES
        and not any(part.startswith(".") for part in file.relative_to(folder).parts)
    ]


def ingest_batch(specs: list[SourceSpec], settings: Settings) -> list[Document]:
    """ingest() over several sources, in order: one orchestration task's share of a run."""
    return [ingest(spec, settings) for spec in specs]


def ingest(spec: SourceSpec, settings: Settings) -> Document:
    """The source as a Document: bytes archived first, text written, metadata detected or rejected.

    Bytes already described under the same manifest values by the same code are not decoded
    again: the description is reused (an unchanged rerun of 10,000 sources re-hashes them only).
    """
    if spec.problem:
        return unread(spec, spec.problem)
    try:
        data = read_bytes(spec.location, settings)
    except OSError as exc:
        return unread(spec, f"cannot read the source: {exc}")
    sha256 = hashlib.sha256(data).hexdigest()
    raw_path = settings.raw_dir / f"{sha256}{source_suffix(spec.location)}"
    write_once(raw_path, data)  # before anything else: the original survives any later failure
    cache = description_path(settings, sha256, spec)
    known = read_description(cache, spec, raw_path, settings)
    if known is not None:
        return known
    doc = read_document(data, sha256, raw_path, spec, settings)
    write_atomic(cache, json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8"))
    return doc


def read_document(
    data: bytes, sha256: str, raw_path: Path, spec: SourceSpec, settings: Settings
) -> Document:
    """The Document of the source's bytes: decoded, its text written, described or rejected."""
    doc = Document(
        doc=sha256[:12],
        sha256=sha256,
        source=spec.location,
        format=guess_format(spec.location),
        encoding=None,
        agency=None,
        series="report",
        year=None,
        title=None,
        doc_number=None,
        published=None,
        raw_path=str(raw_path),
        text_path=None,
        n_chars=0,
        status="loaded",
        message=None,
    )
    if not data:
        return reject(doc, "empty file (0 bytes)")
    try:
        decoded = decode_source(data)
    except UnreadableSource as exc:
        doc.format, doc.encoding = exc.format, exc.encoding
        return reject(doc, str(exc))
    return describe(doc, decoded, spec, settings)


@freshness.once
def _ingest_code_key() -> str:
    """The key of ingest's code: this module and every tongbi module it imports."""
    return freshness.files_key(PACKAGE_DIR / f"{m}.py" for m in freshness.tongbi_modules("ingest"))


def description_path(settings: Settings, sha256: str, spec: SourceSpec) -> Path:
    """Where the description of these bytes under this source's manifest values is kept."""
    given = (spec.agency, spec.series, spec.year, source_suffix(spec.location))
    key = freshness.key_of(sha256, given, _ingest_code_key())[:16]
    return settings.text_dir / f"{sha256}.{key}.json"


def read_description(
    path: Path, spec: SourceSpec, raw_path: Path, settings: Settings
) -> Document | None:
    """The kept description, now from this source, if it and the text it names still exist."""
    try:
        doc = Document(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    doc.source, doc.raw_path = spec.location, str(raw_path)
    if doc.text_path:  # under this data folder, wherever the description was written
        doc.text_path = str(settings.text_dir / Path(doc.text_path).name)
        if not Path(doc.text_path).exists():
            return None
    return doc


def decode_source(data: bytes) -> Decoded:
    """The source's format, encoding and text (a seam for tests)."""
    return formats.read_text(data)


def read_text(path: Path) -> tuple[str, str]:
    """(text, doc id) of a file, decoded as ingest would, writing nothing; UnreadableSource if bad."""
    data = Path(path).read_bytes()
    if not data:
        raise UnreadableSource(f"{path}: empty file (0 bytes)")
    return formats.read_text(data).text, hashlib.sha256(data).hexdigest()[:12]


def describe(doc: Document, decoded: Decoded, spec: SourceSpec, settings: Settings) -> Document:
    """The document completed with its text and metadata; rejected when it has no text or year."""
    doc.format, doc.encoding, text = decoded.format, decoded.encoding, decoded.text
    if not text.strip():
        return reject(doc, f"no text in this {decoded.format} file")
    text_path = settings.text_dir / f"{doc.sha256}.txt"
    write_atomic(text_path, text.encode("utf-8"))
    doc.text_path, doc.n_chars = str(text_path), len(text)
    meta = docmeta.detect(text, decoded.meta)
    notes = list(meta.notes) + overrides(meta, spec)
    doc.title, doc.doc_number, doc.published = meta.title, meta.doc_number, meta.published
    doc.agency = spec.agency or meta.agency
    doc.series = spec.series or meta.series
    doc.year = spec.year if spec.year is not None else meta.year
    doc.message = "; ".join(notes) or None
    if doc.year is None:
        return reject(
            doc,
            "no reporting year in the title or text; give one in the manifest (year column) "
            "or with `tongbi add --year`",
        )
    if not doc.agency:
        # Without its body a report has no identity (agency, series, year): it could replace
        # another body's report, and its figures could not be compared with anything.
        return reject(
            doc,
            "no reporting body (agency) in the title or text; give one in the manifest "
            "(agency column) or with `tongbi add --agency`",
        )
    return doc


def overrides(meta: docmeta.Metadata, spec: SourceSpec) -> list[str]:
    """Notes on every manifest value that replaces a different detected one."""
    notes = []
    for name in ("agency", "series", "year"):
        given, detected = getattr(spec, name), getattr(meta, name)
        if given is not None and given != detected:
            notes.append(
                f"manifest sets {name} {given} (detected {detected if detected is not None else 'none'})"
            )
    return notes


def reject(doc: Document, reason: str) -> Document:
    """The document marked rejected, its reason first in the message."""
    doc.status = "rejected"
    doc.message = f"{reason}; {doc.message}" if doc.message else reason
    return doc


def unread(spec: SourceSpec, reason: str) -> Document:
    """A rejected Document for a source whose bytes could not be read (no sha256: doc is "")."""
    return Document(
        doc="",
        sha256="",
        source=spec.location,
        format=guess_format(spec.location),
        encoding=None,
        agency=spec.agency,
        series=spec.series or "report",
        year=spec.year,
        title=None,
        doc_number=None,
        published=None,
        raw_path=None,
        text_path=None,
        n_chars=0,
        status="rejected",
        message=reason,
    )


def is_url(location: str) -> bool:
    """Whether a location is an http(s) URL rather than a path."""
    return location.lower().startswith(("http://", "https://"))


def read_bytes(location: str, settings: Settings) -> bytes:
    """The bytes of a file or URL (OSError when unreadable or, for a URL, too large)."""
    if is_url(location):
        return fetch.fetch(location, settings)
    return Path(location).expanduser().read_bytes()


def source_suffix(location: str) -> str:
    """The lower-cased file suffix of a path or URL (.txt, .html …), "" when it has none."""
    path = urllib.parse.urlparse(location).path if is_url(location) else location
    suffix = Path(path).suffix.lower()
    return suffix if suffix[1:].isalnum() and len(suffix) <= 8 else ""


def guess_format(location: str) -> str:
    """The format the name suggests, until the content says otherwise."""
    suffix = source_suffix(location)
    return {".htm": "html", ".html": "html", ".pdf": "pdf", ".docx": "docx"}.get(suffix, "txt")


def write_once(path: Path, data: bytes) -> None:
    """Write content-addressed bytes atomically, unless they are already there."""
    if not path.exists():
        write_atomic(path, data)


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes through a temp file and os.replace, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
