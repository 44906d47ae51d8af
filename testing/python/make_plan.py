#!/usr/bin/env python3
"""Builds the wire-parity plan (the list of calls both clients make) from the spec by a fixed rule.

Usage: make_plan.py --spec spec/pieces-os.yaml --out plan.json

Which operations (no hand-picking, so the plan changes only when the spec does), leaving out the websocket
operations that the spec's overlay marks `x-codegen-websocket` (pass the overlaid spec, `cargo xtask overlay`):
  * all operations of tag WorkstreamEvent, sorted by operationId;
  * then, for the other tags sorted by name, the first 3 operations of each tag (sorted
    by operationId), until at least 55 operations from at least 20 tags are chosen.

Which arguments, for each chosen operation:
  * every required parameter and every optional query parameter;
  * string path parameters (ids) take the next value of TRICKY_PATH_IDS, cycling over the
    whole plan, so every id encoding is exercised a few times;
  * then DOT_SEGMENT_OPERATION is called once more for each of DOT_SEGMENT_IDS: `.` and `..`
    are dot segments that a URL library resolves away (the call would reach another endpoint),
    so the Rust client refuses them; `...` and `.%2e` are ordinary ids;
  * booleans true, query strings "q v", integers 7, enum-typed parameters their first
    enum value, array query parameters ["a", "b"];
  * the request body, required or optional: the required-properties-only instance of its
    schema (instances.py). A form-urlencoded body is spread into one argument per field,
    because that is how the SDK takes it.

Each call is written as:
  {"tag", "operation_id", "method", "path",
   "args": {SDK argument name: value},
   "body_schema": name of the $ref'd body schema, or null,
   "parameters": [{"sdk_name", "spec_name", "in": path|query|header|cookie|body|form, "required"}],
   "sdk_only_args": {...}}
`parameters` maps every SDK argument name back to the spec, for a client whose names differ.
`sdk_only_args` are arguments the SDK demands although the spec has no such parameter
(the spec's `x-dangling-path-parameters`); they never reach the wire.
"""

import argparse
import json
import re
import sys

from instances import SchemaInstanceBuilder
from openapi_support import list_operations
from openapi_support import load_spec_document

TRICKY_PATH_IDS = ["a b", "a/b", "a?b", "a#b", "a%b", "a~b", "a+b", "é", "plain-id"]
DOT_SEGMENT_IDS = [".", "..", "...", ".%2e"]
DOT_SEGMENT_OPERATION = "workstream_events_specific_workstream_event_snapshot"
QUERY_STRING_VALUE = "q v"
INTEGER_VALUE = 7
ARRAY_QUERY_VALUE = ["a", "b"]

ALWAYS_INCLUDED_TAG = "WorkstreamEvent"
OPERATIONS_PER_OTHER_TAG = 3
MINIMUM_OPERATION_COUNT = 55
MINIMUM_TAG_COUNT = 20

# Names the SDK generator (openapi-generator, python) does not use as they are: it
# prefixes them with `var_`. Only `schema` occurs in this spec; selftest.py checks every
# operation's argument names against the installed SDK, so a new clash shows up there.
SDK_RESERVED_NAMES = {"schema", "property", "self"}


def sdk_argument_name(spec_name):
    """The SDK's argument name for a spec parameter, form field or body schema name."""
    snake_case_name = to_sdk_snake_case(spec_name)
    if snake_case_name in SDK_RESERVED_NAMES:
        return "var_" + snake_case_name
    return snake_case_name


def to_sdk_snake_case(name):
    """snake_case exactly as pieces_os_client's ApiClient does it ('QGPTQuestion' -> 'qgpt_question')."""
    return re.sub(
        r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name
    ).lower()


def unique_argument_name(name, taken_names):
    """`name`, or `name2`, `name3`, ... if taken, as the SDK generator disambiguates."""
    if name not in taken_names:
        return name
    suffix = 2
    while f"{name}{suffix}" in taken_names:
        suffix += 1
    return f"{name}{suffix}"


def choose_operations(operations):
    """The fixed selection rule of the module docstring; returns OperationInfo objects in plan order."""
    operations_by_tag = {}
    for operation_info in operations:
        # A websocket operation (marked by the spec's overlay) is no HTTP call: the websocket tests cover it.
        if operation_info.operation.get("x-codegen-websocket"):
            continue
        operations_by_tag.setdefault(operation_info.tag, []).append(operation_info)
    for tag_operations in operations_by_tag.values():
        tag_operations.sort(key=lambda operation_info: operation_info.operation_id)

    chosen = list(operations_by_tag.get(ALWAYS_INCLUDED_TAG, []))
    chosen_tags = {ALWAYS_INCLUDED_TAG} if chosen else set()
    for tag in sorted(operations_by_tag):
        if len(chosen) >= MINIMUM_OPERATION_COUNT and len(chosen_tags) >= MINIMUM_TAG_COUNT:
            break
        if tag == ALWAYS_INCLUDED_TAG:
            continue
        chosen.extend(operations_by_tag[tag][:OPERATIONS_PER_OTHER_TAG])
        chosen_tags.add(tag)
    return chosen


class TrickyIdCycle:
    """Hands out `ids` (TRICKY_PATH_IDS unless told) in turn, across all calls of a plan."""

    def __init__(self, ids=TRICKY_PATH_IDS):
        self.ids = ids
        self.next_index = 0

    def next_id(self):
        value = self.ids[self.next_index % len(self.ids)]
        self.next_index += 1
        return value


def parameter_value(parameter, instance_builder, tricky_ids):
    """The plan's value for one parameter, by the rules of the module docstring."""
    schema, _ = instance_builder.resolve(parameter.get("schema") or {})
    if schema.get("enum"):
        return schema["enum"][0]
    schema_type = schema.get("type", "string")
    if schema_type == "boolean":
        return True
    if schema_type in ("integer", "number"):
        return INTEGER_VALUE
    if schema_type == "array":
        return list(ARRAY_QUERY_VALUE)
    if parameter["in"] == "path":
        return tricky_ids.next_id()
    return QUERY_STRING_VALUE


def plan_call(operation_info, instance_builder, tricky_ids):
    """One call of the plan for one operation."""
    arguments = {}
    parameter_map = []
    for parameter in operation_info.parameters:
        is_required = bool(parameter.get("required")) or parameter["in"] == "path"
        if not is_required and parameter["in"] != "query":
            continue
        name = sdk_argument_name(parameter["name"])
        arguments[name] = parameter_value(parameter, instance_builder, tricky_ids)
        parameter_map.append(
            {"sdk_name": name, "spec_name": parameter["name"], "in": parameter["in"], "required": is_required}
        )

    body_schema_name = None
    request_body = operation_info.request_body
    if request_body is not None:
        media_type, media_type_object = next(iter((request_body.get("content") or {}).items()))
        body_schema = (media_type_object or {}).get("schema") or {}
        body_is_required = bool(request_body.get("required"))
        body_instance = instance_builder.build_required_only_instance(body_schema)
        if media_type == "application/x-www-form-urlencoded":
            for field_name, field_value in body_instance.items():
                name = sdk_argument_name(field_name)
                arguments[name] = field_value
                parameter_map.append(
                    {"sdk_name": name, "spec_name": field_name, "in": "form", "required": True}
                )
        else:
            if "$ref" in body_schema:
                body_schema_name = body_schema["$ref"].rsplit("/", 1)[-1]
                name = sdk_argument_name(body_schema_name)
            else:
                name = "body"
            # The SDK appends 2 when the body's name is taken by a parameter
            # (backup_restore_specific_backup takes `backup` in the path and `backup2`).
            name = unique_argument_name(name, arguments)
            arguments[name] = body_instance
            parameter_map.append(
                {"sdk_name": name, "spec_name": None, "in": "body", "required": body_is_required}
            )

    sdk_only_arguments = {}
    for dangling_parameter in operation_info.operation.get("x-dangling-path-parameters", []):
        sdk_only_arguments[sdk_argument_name(dangling_parameter["name"])] = tricky_ids.next_id()

    return {
        "tag": operation_info.tag,
        "operation_id": operation_info.operation_id,
        "method": operation_info.method.upper(),
        "path": operation_info.path_template,
        "args": arguments,
        "body_schema": body_schema_name,
        "parameters": parameter_map,
        "sdk_only_args": sdk_only_arguments,
    }


def build_plan(spec_document, operations=None):
    """The whole plan; `operations` overrides the selection (the self-test passes all of them)."""
    instance_builder = SchemaInstanceBuilder(spec_document)
    if operations is None:
        operations = choose_operations(list_operations(spec_document))
    tricky_ids = TrickyIdCycle()
    plan = [plan_call(operation_info, instance_builder, tricky_ids) for operation_info in operations]
    dot_operation = [info for info in list_operations(spec_document) if info.operation_id == DOT_SEGMENT_OPERATION]
    dot_ids = TrickyIdCycle(DOT_SEGMENT_IDS)
    for _ in DOT_SEGMENT_IDS:
        plan.extend(plan_call(operation_info, instance_builder, dot_ids) for operation_info in dot_operation)
    return plan


def main():
    argument_parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argument_parser.add_argument("--spec", required=True)
    argument_parser.add_argument("--out", required=True)
    arguments = argument_parser.parse_args()
    try:
        spec_document = load_spec_document(arguments.spec)
        plan = build_plan(spec_document)
    except Exception as error:
        sys.stderr.write(f"make_plan: {type(error).__name__}: {error}\n")
        sys.exit(1)
    with open(arguments.out, "w", encoding="utf-8") as plan_file:
        json.dump(plan, plan_file, indent=2, ensure_ascii=False)
        plan_file.write("\n")
    tag_count = len({call["tag"] for call in plan})
    sys.stderr.write(f"make_plan: {len(plan)} calls from {tag_count} tags written to {arguments.out}\n")


if __name__ == "__main__":
    main()
