#!/usr/bin/env python3
"""Validate an NDJSON export of ledger events against the published catalogue.

Reads the AsyncAPI document (contracts/asyncapi.json, or the command API's /asyncapi.json saved
to a file), never the ledger's TypeScript: this is how a consumer in another language sees the
events. Prints how many events of each type and version it read; exits 1 if any line is invalid
(each one named with its line number and what is wrong), 2 if it cannot start.
"""
import argparse
import collections
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("validate_export.py needs jsonschema: apt-get install -y python3-jsonschema")

DEFAULT_CATALOGUE = pathlib.Path(__file__).resolve().parents[2] / "contracts" / "asyncapi.json"


def load_catalogue(path):
    """(event type, schema version) -> validator of the data; and the metadata's validator."""
    document = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    components = document["components"]

    def validator(ref):
        name = ref["$ref"].rsplit("/", 1)[-1]
        schema = components["schemas"][name]["schema"]
        return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

    payloads, metadata = {}, None
    for message in components["messages"].values():
        key = (message["x-event-type"], message["x-schema-version"])
        payloads[key] = validator(message["payload"])
        metadata = metadata or validator(message["headers"])
    return payloads, metadata


def problems_of(line, payloads, metadata_validator):
    try:
        event = json.loads(line)
    except json.JSONDecodeError as error:
        return None, [f"not JSON: {error}"]
    if not isinstance(event, dict) or not isinstance(event.get("eventType"), str):
        return None, ["not an exported event: no eventType"]
    metadata = event.get("metadata") or {}
    version = metadata.get("schemaVersion", 1) if isinstance(metadata, dict) else 1
    key = (event["eventType"], version)
    validator = payloads.get(key)
    if validator is None:
        return key, [f"{key[0]} v{key[1]} is in no published schema"]
    found = [f"data{path(e)}: {e.message}" for e in validator.iter_errors(event.get("data"))]
    found += [f"metadata{path(e)}: {e.message}" for e in metadata_validator.iter_errors(metadata)]
    return key, found


def path(error):
    return "/" + "/".join(str(part) for part in error.absolute_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export", help="NDJSON export of stored events ('-' for standard input)")
    parser.add_argument("--catalogue", default=DEFAULT_CATALOGUE, help="AsyncAPI document (default: %(default)s)")
    args = parser.parse_args()
    try:
        payloads, metadata_validator = load_catalogue(args.catalogue)
        source = sys.stdin if args.export == "-" else open(args.export, encoding="utf-8")
    except (OSError, ValueError, KeyError) as error:
        print(f"cannot start: {error}", file=sys.stderr)
        return 2

    counts, invalid = collections.Counter(), 0
    with source:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            key, found = problems_of(line, payloads, metadata_validator)
            if found:
                invalid += 1
                for problem in found:
                    print(f"line {number}: {problem}", file=sys.stderr)
            elif key:
                counts[key] += 1

    for (event_type, version), count in sorted(counts.items()):
        print(f"{event_type} v{version} {count}")
    print(f"{sum(counts.values())} valid, {invalid} invalid")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
