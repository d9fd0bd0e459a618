"""Validates OCDS release packages against the OCDS 1.1 JSON schemas (draft 4).

Reads a JSON array of release packages on stdin and checks each against
release-package-schema.json from schemas/ocds-1.1/ next to this file; its
reference to release-schema.json resolves to the local file. Dates and
URIs are checked with the validator's format checker. Prints a summary and
exits 0 when every package is valid; otherwise prints the first error and
exits 1. Run it with Debian's /usr/bin/python3 (python3-jsonschema).
"""

import json
import os
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)

from jsonschema import Draft4Validator, RefResolver  # noqa: E402


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    folder = os.path.join(here, "schemas", "ocds-1.1")
    store = {}
    for name in ("release-package-schema.json", "release-schema.json"):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            schema = json.load(f)
        Draft4Validator.check_schema(schema)
        store[schema["id"]] = schema
    package = store[next(k for k in store if k.endswith("release-package-schema.json"))]
    resolver = RefResolver.from_schema(package, store=store)
    validator = Draft4Validator(package, resolver=resolver, format_checker=Draft4Validator.FORMAT_CHECKER)
    packages = json.load(sys.stdin)
    releases = 0
    for i, doc in enumerate(packages):
        for error in validator.iter_errors(doc):
            where = "/".join(str(p) for p in error.absolute_path) or "(package)"
            print(f"package {i} ({doc.get('uri') if isinstance(doc, dict) else None}): {where}: {error.message}")
            return 1
        releases += len(doc.get("releases", []))
    print(f"valid: {len(packages)} packages, {releases} releases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
