"""Response parity: the same response bytes, decoded by the Python SDK and by the Rust client.

  response_parity.py cases  --spec PATH --out cases.json
      Writes the cases: a valid WorkstreamEvent (every optional property to a bounded depth), the same with
      unknown properties at the top and nested, and the same with an enum value this spec does not know.
  response_parity.py python --base-url URL --cases cases.json --out python.json
      For each case, makes the recording server answer with its bytes, calls
      `workstream_events_specific_workstream_event_snapshot` with the SDK, and records the outcome: the decoded
      model as JSON (`to_dict()`), or the error.
  response_parity.py compare --cases cases.json --python python.json --rust rust.json
      Compares both clients' outcomes per case. Disagreements with a known reason are listed with it; any other
      fails. Ends with `response parity: N passed, N failed`.
"""

import argparse
import base64
import copy
import json
import sys
import urllib.request

from instances import SchemaInstanceBuilder
from instants import normalise_instants
from openapi_support import load_spec_document

OPERATION = "workstream_events_specific_workstream_event_snapshot"
UNKNOWN_FIELDS = {"futureField": {"added_in": "4.4.1", "values": [1, 2.5, None]}, "futureFlag": True}
UNKNOWN_ENUM_VALUE = "A_FUTURE_APPLICATION"

# Why the clients may disagree on a case, by the case's name.
KNOWN_REASONS = {
    "unknown-fields": "the SDK (pydantic) drops properties it does not know; the Rust client keeps them so that "
    "sending the model back loses nothing",
    "unknown-enum-value": "the SDK rejects an enum value it does not know and fails the whole call; the Rust client "
    "keeps it as `UnknownValue`",
}


def make_cases(spec_path):
    document = load_spec_document(spec_path)
    builder = SchemaInstanceBuilder(document)
    event = builder.build_full_instance({"$ref": "#/components/schemas/WorkstreamEvent"})
    with_unknown_fields = copy.deepcopy(event)
    with_unknown_fields.update(UNKNOWN_FIELDS)
    with_unknown_fields["application"].update(UNKNOWN_FIELDS)
    with_unknown_enum = copy.deepcopy(event)
    with_unknown_enum["application"]["name"] = UNKNOWN_ENUM_VALUE
    return [
        {"name": "valid", "body": event},
        {"name": "unknown-fields", "body": with_unknown_fields},
        {"name": "unknown-enum-value", "body": with_unknown_enum},
    ]


def post_json(url, value):
    request = urllib.request.Request(url, data=json.dumps(value).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    urllib.request.urlopen(request).read()


def set_next_response(base_url, body):
    encoded = base64.b64encode(json.dumps(body).encode()).decode()
    post_json(base_url + "/__next_response", {"status": 200, "content_type": "application/json", "body_base64": encoded})


def run_python(base_url, cases):
    # The SDK's top-level package does not export these; they live in their modules.
    from pieces_os_client.api.workstream_event_api import WorkstreamEventApi
    from pieces_os_client.api_client import ApiClient
    from pieces_os_client.configuration import Configuration

    configuration = Configuration(host=base_url)
    configuration.api_key["application"] = "test-key"
    outcomes = []
    with ApiClient(configuration) as api_client:
        api = WorkstreamEventApi(api_client)
        for case in cases:
            set_next_response(base_url, case["body"])
            try:
                model = getattr(api, OPERATION)("event-id")
                # to_dict keeps datetime objects; isoformat is how the SDK itself sends them.
                as_json = json.dumps(model.to_dict(), default=lambda value: value.isoformat())
                outcomes.append({"name": case["name"], "ok": json.loads(as_json)})
            except Exception as error:  # the SDK raises many kinds; each is an outcome to compare
                outcomes.append({"name": case["name"], "error": f"{type(error).__name__}: {error}"[:400]})
    return outcomes


def compare(cases, python_outcomes, rust_outcomes):
    passed = failed = 0
    for case, python, rust in zip(cases, python_outcomes, rust_outcomes):
        name = case["name"]
        sent = normalise_instants(case["body"])
        python_keeps = "ok" in python and normalise_instants(python["ok"]) == sent
        rust_keeps = "ok" in rust and normalise_instants(rust["ok"]) == sent
        summary = (
            f"{name}: Python {'kept every byte of meaning' if python_keeps else ('decoded, losing data' if 'ok' in python else 'failed: ' + python['error'][:120])}; "
            f"Rust {'kept every byte of meaning' if rust_keeps else ('decoded, losing data' if 'ok' in rust else 'failed: ' + rust['error'][:120])}"
        )
        if python_keeps and rust_keeps:
            passed += 1
            print(f"agree    {summary}")
        elif rust_keeps and name in KNOWN_REASONS:
            passed += 1
            print(f"disagree {summary}\n         reason: {KNOWN_REASONS[name]}")
        else:
            failed += 1
            print(f"FAIL     {summary}")
    print(f"response parity: {passed} passed, {failed} failed")
    return failed == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["cases", "python", "compare"])
    parser.add_argument("--spec")
    parser.add_argument("--base-url")
    parser.add_argument("--cases")
    parser.add_argument("--python")
    parser.add_argument("--rust")
    parser.add_argument("--out")
    arguments = parser.parse_args()
    if arguments.mode == "cases":
        json.dump(make_cases(arguments.spec), open(arguments.out, "w", encoding="utf-8"), indent=1)
    elif arguments.mode == "python":
        cases = json.load(open(arguments.cases, encoding="utf-8"))
        json.dump(run_python(arguments.base_url, cases), open(arguments.out, "w", encoding="utf-8"), indent=1)
    else:
        cases = json.load(open(arguments.cases, encoding="utf-8"))
        python = json.load(open(arguments.python, encoding="utf-8"))
        rust = json.load(open(arguments.rust, encoding="utf-8"))
        sys.exit(0 if compare(cases, python, rust) else 1)


if __name__ == "__main__":
    main()
