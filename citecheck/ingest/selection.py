"""Which documents an audit reads: the files under the paths given, less those the
configuration excludes, each loaded with the bibliographies it uses.

A file that cannot be read (binary, not text, gone) is said on one line and left out;
only when nothing usable is left is that an error.  A ``.bib`` named on the command line
beside its document is that document's
bibliography, not a document of its own; a ``.bib`` some document of the run names is
checked with that document, not alone.
"""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

from citecheck.errors import InputError
from citecheck.fingerprint import relative_uri
from citecheck.ingest.bibfiles import named_beside
from citecheck.ingest.files import (
    SUPPORTED_SUFFIXES,
    discover,
    load_bibliography,
    load_document,
)
from citecheck.model import Document


def excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    """The configuration's ``exclude`` globs name this file (relative path or name)."""
    relative = relative_uri(str(path))
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(path.name, p) for p in patterns)


def documents(paths: tuple[str, ...], exclude: tuple[str, ...] = (),
              bibliography: tuple[str, ...] = ()) -> list[Document]:
    """The documents to audit, loaded, in the order of discovery."""
    found = discover(paths)
    files = [f for f in found if not excluded(f, exclude)]
    if not found:  # a wrong path in a CI job must fail, not pass on an empty report
        raise InputError(f"no document to audit in {', '.join(paths)}: no file there ends "
                         f"in {', '.join(sorted(SUPPORTED_SUFFIXES))}")
    if not files:  # chosen by the configuration (a change touching only drafts): said
        print(f"citecheck: the configuration's exclude leaves out all {len(found)} "
              "documents found; nothing audited", file=sys.stderr)
    given = (*bibliography, *named_beside(paths, files))
    loaded: list[Document] = []
    skipped = 0
    for path in files:
        if str(path) in given and len(files) > 1:
            continue  # a .bib given beside its document is its bibliography
        try:  # a .bib read once in a run
            loaded.append(load_bibliography(path) if path.suffix.lower() == ".bib" else
                          load_document(path, given))
        except InputError as exc:
            if len(files) == 1:
                raise
            skipped += 1  # one unusable file does not stop the others: said, then left
            print(f"citecheck: skipped {exc}", file=sys.stderr)
    if skipped and not loaded:
        raise InputError(f"no usable document ({skipped} skipped, each said above)")
    used_bibs = {str(Path(b).resolve()) for doc in loaded for b in doc.bib_paths}
    return [doc for doc in loaded
            if doc.kind != "bib" or str(Path(doc.path).resolve()) not in used_bibs]
