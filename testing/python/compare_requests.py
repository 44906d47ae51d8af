"""Compares the requests the Python SDK and the Rust client sent for the same call plan.

Usage: compare_requests.py --spec spec.yaml --plan plan.json --python-results results.json --python-requests python.json
                           --rust-requests rust.json

For every call of the plan, the Python request is the one `python_calls.py` linked to the call, and the Rust
request the one carrying `x-plan-call: <index>`. Compared: method, path bytes, query string, X-Application-ID,
Content-Type, Accept, and the body (as JSON values when it is JSON). A difference is either one of the KEPT
differences below (the Python behaviour is wrong or meaningless for HTTP, and the README lists it), or a failure.
Prints one line per call with a difference, then `wire parity: N passed, N failed`. Exits 1 on any failure.
"""

import argparse
import base64
import json
import sys

from instants import normalise_instants

COMPARED_HEADERS = ["x-application-id", "content-type", "accept"]

# Differences kept on purpose, each with the reason given in the README.
KEPT_CONTENT_TYPE_WITHOUT_BODY = (
    "the SDK sends `Content-Type` on a request without a body (a GET whose optional body is absent); "
    "a content type describes a body, so the Rust client sends none"
)
KEPT_QUERY_ORDER = (
    "the SDK orders query parameters as its code was written (the upstream order, which this spec does not "
    "record); the Rust client sends them in the spec's order: the same parameters and values, and order has no "
    "meaning in a query string"
)
KEPT_FILLED_DEFAULTS = (
    "the SDK (pydantic) fills in schema `default` values the caller never set; the Rust client sends only what "
    "the caller set, and a server applies the documented default to an absent field anyway"
)
KEPT_GET_BODY = (
    "the SDK silently drops a body given to a GET (the spec documents one); the Rust client sends what the "
    "caller gave it rather than lose it"
)
KEPT_DOT_SEGMENT_REFUSED = (
    "the SDK sends a path id `.` or `..` as a dot segment, which the URL is resolved against, so the call (with its "
    "credentials) reaches another path; the Rust client refuses such an id with Error::InvalidRequest and sends "
    "nothing"
)
DOT_SEGMENTS = {".", ".."}
KEPT_DATE_TIME_SPELLING = (
    "the SDK re-spells date-times as `+00:00` with microseconds; the Rust client sends RFC 3339 with `Z`: "
    "the same instants"
)


def header(request, name):
    for key, value in request["headers"]:
        if key.lower() == name:
            return value
    return None


def split_target(target):
    path, _, query = target.partition("?")
    return path, query


def body_of(request):
    raw = base64.b64decode(request.get("body_base64") or "")
    if not raw:
        return None
    content_type = (header(request, "content-type") or "").lower()
    if "json" in content_type:
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def schema_defaults(spec_path):
    """Every (property name, default value) pair the spec declares, as JSON text for hashing."""
    import yaml  # installed in the wire-test venv

    spec = yaml.safe_load(open(spec_path, encoding="utf-8"))
    pairs = set()
    for schema in spec.get("components", {}).get("schemas", {}).values():
        for name, property_schema in (schema.get("properties") or {}).items():
            if isinstance(property_schema, dict) and "default" in property_schema:
                pairs.add((name, json.dumps(property_schema["default"], sort_keys=True)))
    return pairs


def without_filled_defaults(python_body, rust_body, defaults):
    """The Python body without the properties that only it has and that hold their schema's default."""
    if isinstance(python_body, dict) and isinstance(rust_body, dict):
        return {
            key: without_filled_defaults(value, rust_body.get(key), defaults)
            for key, value in python_body.items()
            if key in rust_body or (key, json.dumps(value, sort_keys=True)) not in defaults
        }
    if isinstance(python_body, list) and isinstance(rust_body, list) and len(python_body) == len(rust_body):
        return [without_filled_defaults(item, other, defaults) for item, other in zip(python_body, rust_body)]
    return python_body


def compare(python_request, rust_request, defaults):
    """Returns (failures, kept) lists of differences for one call."""
    failures, kept = [], []
    if python_request["method"] != rust_request["method"]:
        failures.append(f"method {python_request['method']} != {rust_request['method']}")
    python_path, python_query = split_target(python_request["path"])
    rust_path, rust_query = split_target(rust_request["path"])
    if python_path != rust_path:
        failures.append(f"path {python_path!r} != {rust_path!r}")
    if python_query != rust_query:
        if sorted(python_query.split("&")) == sorted(rust_query.split("&")):
            kept.append(KEPT_QUERY_ORDER)
        else:
            failures.append(f"query {python_query!r} != {rust_query!r}")
    python_body, rust_body = body_of(python_request), body_of(rust_request)
    for name in COMPARED_HEADERS:
        python_value, rust_value = header(python_request, name), header(rust_request, name)
        if python_value == rust_value:
            continue
        if name == "content-type" and python_body is None and rust_body is None and rust_value is None:
            kept.append(KEPT_CONTENT_TYPE_WITHOUT_BODY)
            continue
        failures.append(f"{name} {python_value!r} != {rust_value!r}")
    if python_body != rust_body:
        python_instants, rust_instants = normalise_instants(python_body), normalise_instants(rust_body)
        python_without_defaults = without_filled_defaults(python_instants, rust_instants, defaults)
        if python_instants == rust_instants:
            kept.append(KEPT_DATE_TIME_SPELLING)
        elif python_without_defaults == rust_instants:
            kept.append(KEPT_FILLED_DEFAULTS)
        elif python_body is None and python_request["method"] == "GET":
            kept.append(KEPT_GET_BODY)
        else:
            failures.append(f"body {json.dumps(python_body)[:300]} != {json.dumps(rust_body)[:300]}")
    return failures, kept


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plan", required=True)
    parser.add_argument("--spec", required=True, help="the spec, for its property defaults")
    parser.add_argument("--python-results", required=True)
    parser.add_argument("--python-requests", required=True)
    parser.add_argument("--rust-requests", required=True)
    arguments = parser.parse_args()
    load = lambda path: json.load(open(path, encoding="utf-8"))
    plan, python_results = load(arguments.plan), load(arguments.python_results)
    python_requests, rust_requests = load(arguments.python_requests), load(arguments.rust_requests)
    rust_by_call = {}
    for request in rust_requests:
        index = header(request, "x-plan-call")
        if index is not None:
            rust_by_call[int(index)] = request
    defaults = schema_defaults(arguments.spec)
    passed, failed, kept_counts = 0, 0, {}
    tags = set()
    for index, call in enumerate(plan):
        name = call["operation_id"]
        tags.add(call["tag"])
        linked = python_results[index]["recorded_requests"]
        path_ids = [parameter["sdk_name"] for parameter in call["parameters"] if parameter["in"] == "path"]
        if index not in rust_by_call and any(call["args"].get(name) in DOT_SEGMENTS for name in path_ids):
            sent = [python_requests[request]["path"] for request in linked]
            print(f"kept {name}: the SDK sent {sent} for {call['path']} with {call['args']}; the Rust client refused")
            kept_counts[KEPT_DOT_SEGMENT_REFUSED] = kept_counts.get(KEPT_DOT_SEGMENT_REFUSED, 0) + 1
            passed += 1
            continue
        if len(linked) != 1:
            print(f"FAIL {name}: the Python SDK sent {len(linked)} requests ({python_results[index]['error']})")
            failed += 1
            continue
        if index not in rust_by_call:
            print(f"FAIL {name}: the Rust client sent no request")
            failed += 1
            continue
        failures, kept = compare(python_requests[linked[0]], rust_by_call[index], defaults)
        for reason in kept:
            kept_counts[reason] = kept_counts.get(reason, 0) + 1
        if failures:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(failures))
        else:
            passed += 1
    for reason, count in kept_counts.items():
        print(f"kept difference ({count} calls): {reason}")
    print(f"compared {len(plan)} calls over {len(tags)} tags")
    print(f"wire parity: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
