#!/usr/bin/env python3
"""Makes the plan's calls with the official Python SDK (pieces_os_client 4.2.0): the wire oracle.

Usage: python_calls.py --base-url http://127.0.0.1:PORT --plan plan.json --out results.json

Meant to run against recording_server.py: the caller reads what went over the wire from
GET /__recorded and compares it with what the Rust client sends for the same plan.

For each call of the plan, in order, it writes
  {"operation_id": ..., "error": null or "ExceptionType: message",
   "recorded_requests": [indexes into /__recorded made by this call] or null}
An error is expected when the recording server's canned answer does not decode into
the operation's response type; it is recorded, never fatal. recorded_requests tells a
call whose request never left the SDK (empty list) from one that was sent; it is null
when the base URL does not answer /__recorded (e.g. a validating server).
"""

import argparse
import enum
import importlib
import inspect
import json
import pkgutil
import sys
import typing
import urllib.error
import urllib.request

import pydantic

import pieces_os_client.api
from pieces_os_client.api_client import ApiClient
from pieces_os_client.configuration import Configuration

TEST_API_KEY = "test-key"
# (connect, read) seconds: a call must never hang the test run.
REQUEST_TIMEOUT_SECONDS = (5, 30)


def sdk_api_classes():
    """{tag + 'Api': class} for every API class of the SDK.

    The SDK's top-level package exports nothing, and its module names do not follow one
    snake_case rule (MacOS -> mac_os_api, OCRAnalyses -> ocr_analyses_api), so the classes
    are found by scanning pieces_os_client.api.
    """
    classes = {}
    for module_info in pkgutil.iter_modules(pieces_os_client.api.__path__):
        module = importlib.import_module(f"pieces_os_client.api.{module_info.name}")
        for class_name, value in vars(module).items():
            if class_name.endswith("Api") and inspect.isclass(value) and value.__module__ == module.__name__:
                classes[class_name] = value
    return classes


def make_api_client(base_url):
    configuration = Configuration(host=base_url.rstrip("/"))
    configuration.api_key["application"] = TEST_API_KEY
    return ApiClient(configuration)


def sdk_method(api_client, api_classes, tag, operation_id, with_http_info=False):
    class_name = f"{tag}Api"
    if class_name not in api_classes:
        raise LookupError(f"the SDK has no class {class_name} for tag {tag!r}")
    api = api_classes[class_name](api_client)
    method_name = operation_id + ("_with_http_info" if with_http_info else "")
    if not hasattr(api, method_name):
        raise LookupError(f"{class_name} has no method {method_name}")
    return getattr(api, method_name)


def sdk_keyword_arguments(method, call):
    """The plan's args (plus sdk_only_args) converted to what the SDK method's annotations expect.

    JSON objects become pydantic models via Model.from_dict, strings become enum members.
    Unknown argument names are an error here, with the method's real names in the message,
    so a naming mismatch between plan and SDK is reported as such.
    """
    raw_function = getattr(method, "raw_function", method)
    type_hints = typing.get_type_hints(raw_function, include_extras=True)
    accepted_names = [name for name in inspect.signature(raw_function).parameters if name not in ("self", "kwargs")]
    arguments = dict(call.get("args") or {})
    arguments.update(call.get("sdk_only_args") or {})
    keyword_arguments = {}
    for name, value in arguments.items():
        if name not in accepted_names:
            raise TypeError(
                f"plan argument {name!r} is not a parameter of {call['operation_id']}; "
                f"the SDK takes {accepted_names}"
            )
        keyword_arguments[name] = convert_to_annotation(value, type_hints.get(name))
    return keyword_arguments


def convert_to_annotation(value, annotation):
    """Builds the model or enum that `annotation` (Annotated/Optional/List wrappers allowed) names."""
    if annotation is None or value is None:
        return value
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return convert_to_annotation(value, typing.get_args(annotation)[0])
    if origin is typing.Union:
        for member in typing.get_args(annotation):
            if member is not type(None):
                return convert_to_annotation(value, member)
        return value
    if origin in (list, typing.List) and isinstance(value, list):
        (item_annotation,) = typing.get_args(annotation) or (None,)
        return [convert_to_annotation(item, item_annotation) for item in value]
    if inspect.isclass(annotation):
        if issubclass(annotation, pydantic.BaseModel) and isinstance(value, dict):
            return annotation.from_dict(value)
        if issubclass(annotation, enum.Enum) and not isinstance(value, enum.Enum):
            return annotation(value)
    return value


def recorded_request_count(base_url):
    """How many requests the recording server holds, or None if base_url is no recording server."""
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + "/__recorded", timeout=10) as response:
            return len(json.loads(response.read()))
    except (urllib.error.URLError, ValueError, OSError):
        return None


def run_plan(base_url, plan):
    api_client = make_api_client(base_url)
    api_classes = sdk_api_classes()
    results = []
    for call in plan:
        count_before = recorded_request_count(base_url)
        error_text = None
        try:
            method = sdk_method(api_client, api_classes, call["tag"], call["operation_id"])
            keyword_arguments = sdk_keyword_arguments(method, call)
            method(**keyword_arguments, _request_timeout=REQUEST_TIMEOUT_SECONDS)
        except Exception as error:  # every failure is data for the caller, never fatal
            error_text = f"{type(error).__name__}: {error}"
        count_after = recorded_request_count(base_url)
        recorded_requests = None
        if count_before is not None and count_after is not None:
            recorded_requests = list(range(count_before, count_after))
        results.append(
            {"operation_id": call["operation_id"], "error": error_text, "recorded_requests": recorded_requests}
        )
    return results


def main():
    argument_parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argument_parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8123")
    argument_parser.add_argument("--plan", required=True, help="plan JSON written by make_plan.py")
    argument_parser.add_argument("--out", required=True, help="where to write the per-call results")
    arguments = argument_parser.parse_args()
    try:
        with open(arguments.plan, encoding="utf-8") as plan_file:
            plan = json.load(plan_file)
    except (OSError, ValueError) as error:
        sys.stderr.write(f"python_calls: cannot read the plan {arguments.plan}: {error}\n")
        sys.exit(1)
    results = run_plan(arguments.base_url, plan)
    with open(arguments.out, "w", encoding="utf-8") as out_file:
        json.dump(results, out_file, indent=2, ensure_ascii=False)
        out_file.write("\n")
    unsent = sum(1 for result in results if result["recorded_requests"] == [])
    failed = sum(1 for result in results if result["error"])
    sys.stderr.write(
        f"python_calls: {len(results)} calls, {failed} with an error, {unsent} never reached the server\n"
    )


if __name__ == "__main__":
    main()
