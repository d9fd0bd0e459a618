"""Validates a Popolo export against the Popolo JSON schemas (draft 3).

Reads the export {"persons","organizations","posts","memberships"} as JSON
on stdin and checks every item against person.json, organization.json,
post.json and membership.json from schemas/popolo/ next to this file; the
schemas' cross-references resolve to the local files. Prints a summary and
exits 0 when every item is valid; otherwise prints the first error and
exits 1. Run it with Debian's /usr/bin/python3 (python3-jsonschema).
"""

import json
import os
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)

import jsonschema  # noqa: E402
from jsonschema import Draft3Validator, RefResolver  # noqa: E402

COLLECTIONS = [
    ("persons", "person"),
    ("organizations", "organization"),
    ("posts", "post"),
    ("memberships", "membership"),
]


def load_store(folder):
    store = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            schema = json.load(f)
        Draft3Validator.check_schema(schema)
        sid = schema["id"]
        store[sid] = schema
        store[sid.rstrip("#")] = schema
    return store


def format_checker():
    checker = getattr(Draft3Validator, "FORMAT_CHECKER", None)
    if checker is None:
        checker = getattr(jsonschema, "draft3_format_checker", None)
    return checker


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "schemas", "popolo")
    store = load_store(folder)
    doc = json.load(sys.stdin)
    if not isinstance(doc, dict):
        print("the export is not a JSON object")
        return 1
    counts = []
    for key, name in COLLECTIONS:
        items = doc.get(key)
        if not isinstance(items, list):
            print(f"{key}: missing or not an array")
            return 1
        schema = store[f"http://www.popoloproject.com/schemas/{name}.json"]
        resolver = RefResolver.from_schema(schema, store=store)
        validator = Draft3Validator(schema, resolver=resolver, format_checker=format_checker())
        for i, item in enumerate(items):
            for error in validator.iter_errors(item):
                where = "/".join(str(p) for p in error.absolute_path) or "(item)"
                ident = item.get("id") if isinstance(item, dict) else None
                print(f"{key}[{i}] ({ident}): {where}: {error.message}")
                return 1
        counts.append(f"{key} {len(items)}")
    print("valid: " + ", ".join(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
