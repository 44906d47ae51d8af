#!/usr/bin/env python3
"""Self-test of the Python half of the wire tests. Run with the venv's python; exits 1 on any failure.

Usage: selftest.py [--spec spec/pieces-os.yaml] [--skip-spec-check]

Checks:
  * the validating server starts (time measured) and answers /__health;
  * every call of the plan, made with the Python SDK through the validating server, is
    accepted with the documented status and its response decodes in the SDK;
  * a request without X-Application-ID gets 401; a bad body gets 422 with the schema
    errors; X-Test-Status: 410 gets 410 with a text body; an undocumented status, an
    undocumented query parameter and an unknown path behave as documented in the server;
  * the recording server records raw targets, headers and bodies, serves /__next_response
    and /__reset; python_calls.py sends every plan call through it;
  * for EVERY operation of the spec: the request built by the plan rules is valid, and
    the generated response for the success status and every other documented status
    validates with openapi-core's response validator (time measured);
  * the plan's argument names match the installed SDK's method signatures for EVERY operation;
  * the spec itself passes openapi-spec-validator (unless --skip-spec-check);
  * websocket_selftest.py (the websocket test server, on a copy of the spec marked the way
    the overlay marks it) passes.
The last line is `selftest: N passed, N failed`.
"""

import argparse
import base64
import http.client
import inspect
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

SCRIPT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, SCRIPT_DIRECTORY)

import make_plan  # noqa: E402
import python_calls  # noqa: E402
from pieces_os_client.exceptions import ApiException  # noqa: E402
from openapi_support import build_openapi  # noqa: E402
from openapi_support import list_operations  # noqa: E402
from openapi_support import load_spec_document  # noqa: E402
from validating_server import DocumentedResponseMaker  # noqa: E402
from validating_server import SpecValidator  # noqa: E402

DEFAULT_SPEC_PATH = os.path.normpath(os.path.join(SCRIPT_DIRECTORY, "..", "..", "spec", "pieces-os.yaml"))
SERVER_START_TIMEOUT_SECONDS = 60
HTTP_TIMEOUT_SECONDS = 15
# The whole self-test normally takes well under a minute; this only stops a hang.
WHOLE_RUN_TIMEOUT_SECONDS = 600
TEST_API_KEY = python_calls.TEST_API_KEY


class CheckFailed(Exception):
    """A check's expectation did not hold; the message says what was expected and seen."""


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


# ----- server processes ------------------------------------------------------------------


class ServerProcess:
    """A server script started as a child process; stopped by its PID, never by name."""

    def __init__(self, name, arguments, log_directory):
        self.name = name
        self.log_path = os.path.join(log_directory, f"{name}.stderr.log")
        self.log_file = open(self.log_path, "wb")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, *arguments],
            stdout=subprocess.PIPE,
            stderr=self.log_file,
            stdin=subprocess.DEVNULL,
            cwd=SCRIPT_DIRECTORY,
        )
        self.port = self._wait_for_listening_line()
        self.startup_seconds = time.monotonic() - started

    def _wait_for_listening_line(self):
        # Reading stdout in a thread lets the wait have a timeout even if the child hangs.
        lines = queue.Queue()

        def read_lines():
            for raw_line in self.process.stdout:
                lines.put(raw_line.decode("utf-8", "replace").strip())
            lines.put(None)

        threading.Thread(target=read_lines, daemon=True).start()
        deadline = time.monotonic() + SERVER_START_TIMEOUT_SECONDS
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise CheckFailed(f"{self.name} printed no LISTENING line within {SERVER_START_TIMEOUT_SECONDS} s")
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                self.process.wait(timeout=5)
                raise CheckFailed(
                    f"{self.name} exited with status {self.process.returncode} before listening; "
                    f"its stderr:\n{self.stderr_text()}"
                )
            if line.startswith("LISTENING "):
                return int(line.split()[1])

    def stderr_text(self):
        if not self.log_file.closed:
            self.log_file.flush()
        with open(self.log_path, "rb") as log_file:
            return log_file.read().decode("utf-8", "replace")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.log_file.close()


def http_request(port, method, target, headers=None, body=b""):
    """(status, headers dict with lower-case names, body bytes) of one request to 127.0.0.1:port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT_SECONDS)
    try:
        connection.request(method, target, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return (
            response.status,
            {name.lower(): value for name, value in response.getheaders()},
            response.read(),
        )
    finally:
        connection.close()


# ----- the checks ------------------------------------------------------------------------


def check_health(context):
    status, _, body = http_request(context.validating_port, "GET", "/__health")
    expect((status, body) == (200, b"ok"), f"/__health answered {status} {body!r}")
    return f"server ready in {context.validating_server.startup_seconds:.2f} s"


def check_sdk_requests_accepted(context):
    """Every plan call made by the SDK through the validating server: documented status, decoded response."""
    api_client = python_calls.make_api_client(f"http://127.0.0.1:{context.validating_port}")
    api_classes = python_calls.sdk_api_classes()
    problems = []
    undecodable_responses = []
    for call in context.plan:
        if any(value in make_plan.DOT_SEGMENT_IDS[:2] for value in call["args"].values()):
            # `.` and `..` are dot segments: urllib3 resolves them, so the SDK's request reaches another path
            # (the bug the Rust client refuses to repeat); the server cannot accept what was never meant.
            continue
        operation_info = context.operations_by_id[call["operation_id"]]
        expected_status, _ = DocumentedResponseMaker.success_status(operation_info)
        # __call_api stores the raw response before decoding it, so after a decoding
        # error the status the server answered is still known.
        api_client.last_response = None
        try:
            method = python_calls.sdk_method(
                api_client, api_classes, call["tag"], call["operation_id"], with_http_info=True
            )
            api_response = method(
                **python_calls.sdk_keyword_arguments(method, call),
                _request_timeout=python_calls.REQUEST_TIMEOUT_SECONDS,
            )
            answered_status = api_response.status_code
        except ApiException as error:  # a non-2xx answer: the server rejected the request
            problems.append(f"{call['operation_id']}: {error.status}: {error.body}")
            continue
        except Exception as error:
            last_response = getattr(api_client, "last_response", None)
            if last_response is None:
                problems.append(f"{call['operation_id']}: not sent: {type(error).__name__}: {error}")
                continue
            answered_status = last_response.status
            first_line = str(error).splitlines()[0] if str(error) else ""
            undecodable_responses.append(f"{call['operation_id']} ({type(error).__name__}: {first_line})")
        if answered_status != expected_status:
            problems.append(f"{call['operation_id']}: status {answered_status}, expected {expected_status}")
    expect(not problems, "the validating server did not accept the SDK's requests:\n" + "\n".join(problems))
    workstream_event_count = sum(1 for call in context.plan if call["tag"] == make_plan.ALWAYS_INCLUDED_TAG)
    detail = f"{len(context.plan)} SDK calls accepted ({workstream_event_count} WorkstreamEvent)"
    if undecodable_responses:
        # Not a failure: the responses are valid per the spec (checked below for every
        # operation); these are SDK decoding gaps the Rust client should not copy.
        detail += f"; the SDK could not decode {len(undecodable_responses)} valid responses: " + ", ".join(
            undecodable_responses
        )
    return detail


def check_missing_api_key(context):
    status, headers, body = http_request(context.validating_port, "GET", "/workstream_event/plain-id")
    expect(status == 401, f"expected 401 without X-Application-ID, got {status}: {body!r}")
    expect(body == b"missing X-Application-ID", f"unexpected 401 body {body!r}")
    expect(headers.get("content-type", "").startswith("text/plain"), f"401 content type {headers.get('content-type')}")
    return "401 missing X-Application-ID"


def check_bad_body(context):
    status, _, body = http_request(
        context.validating_port, "POST", "/workstream_event/update",
        {"X-Application-ID": TEST_API_KEY, "Content-Type": "application/json"},
        json.dumps({"id": 5, "unknownField": True}).encode(),
    )
    text = body.decode("utf-8", "replace")
    expect(status == 422, f"expected 422 for a bad body, got {status}: {text}")
    for expected_fragment in ("'application' is a required property", "5 is not of type 'string'", "unknownField"):
        expect(expected_fragment in text, f"422 body lacks {expected_fragment!r}:\n{text}")
    return "422 with nested schema errors"


def check_test_status(context):
    headers = {"X-Application-ID": TEST_API_KEY, "X-Test-Status": "410"}
    status, response_headers, body = http_request(
        context.validating_port, "GET", "/workstream_event/plain-id?transferables=true", headers
    )
    expect(status == 410, f"expected 410 for X-Test-Status: 410, got {status}: {body!r}")
    expect(body == b"status 410 from the validating server", f"unexpected 410 body {body!r}")
    expect(response_headers.get("content-type", "").startswith("text/plain"), "410 body is not text/plain")
    headers["X-Test-Status"] = "418"
    status, response_headers, body = http_request(context.validating_port, "GET", "/workstream_event/plain-id", headers)
    expect(status == 418 and response_headers.get("content-type", "").startswith("text/plain"),
           f"undocumented X-Test-Status 418 answered {status} {response_headers.get('content-type')}")
    return "410 text body; undocumented 418 text body"


def check_strict_rejections(context):
    headers = {"X-Application-ID": TEST_API_KEY}
    status, _, body = http_request(context.validating_port, "GET", "/workstream_event/plain-id?zzz=1", headers)
    expect(status == 422 and b"zzz" in body, f"undocumented query parameter: {status} {body!r}")
    status, _, body = http_request(context.validating_port, "GET", "/no/such/path", headers)
    expect(status == 422 and b"PathNotFound" in body, f"unknown path: {status} {body!r}")
    status, _, body = http_request(
        context.validating_port, "POST", "/workstream_event/a%2Fb/tags/associate/x",
        {**headers, "Content-Type": "application/json"}, b"{}",
    )
    expect(status == 422 and b"no request body" in body, f"body on a bodyless operation: {status} {body!r}")
    # An unencoded `/` inside an id makes the path match nothing.
    status, _, _ = http_request(context.validating_port, "POST", "/workstream_event/a/b/tags/associate/x", headers)
    expect(status == 422, f"a raw / in a path id was accepted ({status})")
    return "undocumented query, unknown path, unexpected body, raw / in id: 422"


def check_recording_server(context):
    recording_server = context.start_server("recording_server", ["recording_server.py", "--port", "0"])
    port = recording_server.port
    canned_body = b'{"canned": true}'
    status, _, _ = http_request(
        port, "POST", "/__next_response", {"Content-Type": "application/json"},
        json.dumps({"status": 201, "content_type": "application/json",
                    "body_base64": base64.b64encode(canned_body).decode()}).encode(),
    )
    expect(status == 200, f"/__next_response answered {status}")
    raw_target = "/x/a%2Fb/%C3%A9?q=a+b&q=%20&empty="
    status, headers, body = http_request(port, "PUT", raw_target, {"X-Custom": "One"}, b"\x00\x01body")
    expect((status, body) == (201, canned_body), f"canned response not served: {status} {body!r}")
    status, _, body = http_request(port, "GET", "/__recorded")
    recorded = json.loads(body)
    expect(len(recorded) == 1, f"expected 1 recorded request, got {len(recorded)}")
    expect(recorded[0]["path"] == raw_target, f"raw target changed: {recorded[0]['path']!r}")
    expect(["X-Custom", "One"] in recorded[0]["headers"], f"header not recorded: {recorded[0]['headers']}")
    expect(base64.b64decode(recorded[0]["body_base64"]) == b"\x00\x01body", "body not recorded byte-exact")
    http_request(port, "POST", "/__reset")
    status, _, body = http_request(port, "GET", "/anything")
    expect((status, body) == (200, b"{}"), f"after /__reset the default answer is {status} {body!r}")
    http_request(port, "POST", "/__reset")

    # The real workflow: make_plan.py output driven by python_calls.py.
    plan_path = os.path.join(context.temporary_directory, "plan.json")
    results_path = os.path.join(context.temporary_directory, "results.json")
    subprocess.run(
        [sys.executable, "make_plan.py", "--spec", context.spec_path, "--out", plan_path],
        cwd=SCRIPT_DIRECTORY, check=True, timeout=120, capture_output=True,
    )
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "python_calls.py", "--base-url", f"http://127.0.0.1:{port}",
         "--plan", plan_path, "--out", results_path],
        cwd=SCRIPT_DIRECTORY, timeout=300, capture_output=True,
    )
    driver_seconds = time.monotonic() - started
    expect(completed.returncode == 0, f"python_calls.py failed:\n{completed.stderr.decode()}")
    with open(results_path, encoding="utf-8") as results_file:
        results = json.load(results_file)
    unsent = [result for result in results if result["recorded_requests"] != [results.index(result)]]
    expect(not unsent, f"calls without exactly one recorded request, in order: {unsent[:3]}")
    status, _, body = http_request(port, "GET", "/__recorded")
    recorded = json.loads(body)
    expect(len(recorded) == len(results), f"{len(recorded)} recorded requests for {len(results)} calls")
    expect(recorded[0]["path"] == "/workstream_event/a%20b/messages/associate/a%2Fb",
           f"first plan call recorded as {recorded[0]['path']!r}")
    return f"records raw requests; python_calls.py sent {len(results)} plan calls in {driver_seconds:.2f} s"


def synthetic_request(spec_validator, operation_info, call, accept_header):
    """The request the plan rules describe, encoded the way the Python SDK encodes it."""
    path = operation_info.path_template
    query_pairs = []
    form_fields = []
    body = b""
    content_type = None
    parameters_by_name = {parameter["name"]: parameter for parameter in operation_info.parameters}
    for mapping in call["parameters"]:
        value = call["args"][mapping["sdk_name"]]
        if mapping["in"] == "path":
            path = path.replace("{" + mapping["spec_name"] + "}", urllib.parse.quote(str(value), safe=""))
        elif mapping["in"] == "query":
            parameter = parameters_by_name[mapping["spec_name"]]
            query_pairs.extend(encode_query_parameter(parameter, value))
        elif mapping["in"] == "form":
            form_fields.append((mapping["spec_name"], value))
        elif mapping["in"] == "body":
            content_type = "application/json"
            body = json.dumps(value).encode("utf-8")
    if form_fields:
        content_type = "application/x-www-form-urlencoded"
        body = urllib.parse.urlencode(form_fields).encode("ascii")
    target = path + ("?" + "&".join(query_pairs) if query_pairs else "")
    headers = [("X-Application-ID", TEST_API_KEY), ("Accept", accept_header)]
    if content_type:
        headers.append(("Content-Type", content_type))
    return spec_validator.wire_request(operation_info.method.upper(), target, headers, body)


def encode_query_parameter(parameter, value):
    """name=value pairs per the parameter's style (form, or spaceDelimited/pipeDelimited arrays)."""
    name = parameter["name"]
    if isinstance(value, bool):
        return [f"{name}=" + ("true" if value else "false")]
    if isinstance(value, list):
        style = parameter.get("style", "form")
        explode = parameter.get("explode", style == "form")
        if explode:
            return [f"{name}={urllib.parse.quote(str(item))}" for item in value]
        delimiter = {"spaceDelimited": "%20", "pipeDelimited": "|"}.get(style, ",")
        return [f"{name}=" + delimiter.join(urllib.parse.quote(str(item)) for item in value)]
    return [f"{name}={urllib.parse.quote(str(value))}"]


def sdk_style_accept_header(operation_info):
    """The SDK's Accept: the first documented media type containing 'json', else the first one."""
    media_types = []
    for response in operation_info.responses.values():
        for media_type in (response.get("content") or {}):
            if media_type not in media_types:
                media_types.append(media_type)
    for media_type in media_types:
        if "json" in media_type.lower():
            return media_type
    return media_types[0] if media_types else "*/*"


def check_every_operation(context):
    """Plan-rule request valid and every documented response valid, for every operation of the spec."""
    spec_validator = context.in_process_validator
    response_maker = DocumentedResponseMaker(context.spec_document)
    all_operations = list_operations(context.spec_document)
    all_calls = make_plan.build_plan(context.spec_document, operations=all_operations)
    problems = []
    undocumented_success_operations = []
    success_response_count = 0
    other_response_count = 0
    success_seconds = 0.0
    started = time.monotonic()
    for operation_info, call in zip(all_operations, all_calls):
        accept_header = sdk_style_accept_header(operation_info)
        wire_request = synthetic_request(spec_validator, operation_info, call, accept_header)
        found_operation, request_errors = spec_validator.validate(wire_request)
        if request_errors:
            problems.append(f"{operation_info.operation_id}: plan request rejected: {request_errors[0]}")
            continue
        if found_operation is None or found_operation.operation_id != operation_info.operation_id:
            problems.append(f"{operation_info.operation_id}: request matched {found_operation and found_operation.operation_id}")
            continue
        success_status, success_key = response_maker.success_status(operation_info)
        if success_key is None:
            # Nothing documented to validate against: the server answers 200 with no body.
            undocumented_success_operations.append(operation_info.operation_id)
        statuses = ([(success_status, success_key)] if success_key is not None else []) + [
            (int(key), key) for key in operation_info.responses if key.isdigit() and key != success_key
        ]
        for status_code, response_key in statuses:
            response_started = time.monotonic()
            try:
                wire_response = response_maker.make_response(operation_info, status_code, response_key, accept_header)
                response_errors = list(spec_validator.openapi.iter_response_errors(wire_request, wire_response))
            except Exception as error:
                response_errors = [error]
            if status_code == success_status:
                success_seconds += time.monotonic() - response_started
                success_response_count += 1
            else:
                other_response_count += 1
            if response_errors:
                problems.append(f"{operation_info.operation_id} {status_code}: {response_errors[0]}")
    total_seconds = time.monotonic() - started
    expect(not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:30]))
    context.timings["success responses validated"] = success_seconds
    return (
        f"{len(all_operations)} operations: plan requests valid; {success_response_count} success responses "
        f"validated in {success_seconds:.2f} s; with {other_response_count} other documented statuses "
        f"and the requests, {total_seconds:.2f} s in all; no documented success (answered 200, empty): "
        + (", ".join(undocumented_success_operations) or "none")
    )


def check_sdk_argument_names(context):
    """The plan's naming rules give exactly the SDK's argument names, for every operation."""
    api_classes = python_calls.sdk_api_classes()
    all_operations = list_operations(context.spec_document)
    all_calls = make_plan.build_plan(context.spec_document, operations=all_operations)
    problems = []
    for call in all_calls:
        class_name = f"{call['tag']}Api"
        if class_name not in api_classes or not hasattr(api_classes[class_name], call["operation_id"]):
            problems.append(f"{call['operation_id']}: no SDK method {class_name}.{call['operation_id']}")
            continue
        method = getattr(api_classes[class_name], call["operation_id"])
        signature = inspect.signature(getattr(method, "raw_function", method))
        sdk_names = [name for name in signature.parameters if name not in ("self", "kwargs")]
        required_sdk_names = {
            name for name, parameter in signature.parameters.items()
            if name in sdk_names and parameter.default is inspect.Parameter.empty
        }
        plan_names = set(call["args"]) | set(call["sdk_only_args"])
        if not plan_names <= set(sdk_names) or not required_sdk_names <= plan_names:
            problems.append(f"{call['operation_id']}: plan {sorted(plan_names)} vs SDK {sdk_names}")
    expect(not problems, "\n".join(problems))
    return f"{len(all_calls)} operations' argument names match the SDK"


def check_websocket_server(context):
    """websocket_selftest.py in a child process; its own checks are listed in its docstring."""
    completed = subprocess.run(
        [sys.executable, "websocket_selftest.py", "--spec", context.spec_path],
        cwd=SCRIPT_DIRECTORY, timeout=180, capture_output=True,
    )
    output = completed.stdout.decode("utf-8", "replace").strip()
    last_line = output.splitlines()[-1] if output else "(no output)"
    expect(completed.returncode == 0,
           f"websocket_selftest.py exited {completed.returncode}:\n{output}\n{completed.stderr.decode('utf-8', 'replace')}")
    return last_line


def check_spec_itself(context):
    started = time.monotonic()
    build_openapi(context.spec_document, check_spec=True)
    return f"openapi-spec-validator accepts the spec ({time.monotonic() - started:.2f} s)"


# ----- driver ----------------------------------------------------------------------------


class SelftestContext:
    def __init__(self, spec_path, temporary_directory):
        self.spec_path = spec_path
        self.temporary_directory = temporary_directory
        self.servers = []
        self.timings = {}

    def start_server(self, name, arguments):
        server = ServerProcess(name, arguments, self.temporary_directory)
        self.servers.append(server)
        return server

    def stop_servers(self):
        for server in self.servers:
            try:
                server.stop()
            except Exception as error:  # keep stopping the others
                print(f"warning: could not stop {server.name} (pid {server.process.pid}): {error}")


def run_checks(checks, call, owner):
    """Runs each check with `call(check)`, printing PASS or FAIL with its detail; on any failure prints the last
    lines of every server's log; stops `owner`'s servers in the end. Returns (passed, failed)."""
    passed = failed = 0
    try:
        for check in checks:
            try:
                detail = call(check)
                passed += 1
                print(f"PASS {check.__name__}: {detail}", flush=True)
            except CheckFailed as error:
                failed += 1
                print(f"FAIL {check.__name__}: {error}", flush=True)
            except Exception:
                failed += 1
                print(f"FAIL {check.__name__}: unexpected error\n{traceback.format_exc()}", flush=True)
    except TimeoutError as error:
        failed += 1
        print(f"FAIL: {error}")
    finally:
        if failed:
            for server in owner.servers:
                print(f"--- stderr of {server.name} (last 40 lines) ---")
                print("\n".join(server.stderr_text().splitlines()[-40:]))
        owner.stop_servers()
        signal.alarm(0)
    return passed, failed


def main():
    argument_parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argument_parser.add_argument("--spec", default=DEFAULT_SPEC_PATH)
    argument_parser.add_argument("--skip-spec-check", action="store_true",
                                 help="skip openapi-spec-validator over the whole spec (saves about 3 s)")
    arguments = argument_parser.parse_args()

    # Never hang: SIGALRM ends the run (the finally block still stops the servers).
    def on_alarm(signal_number, frame):
        raise TimeoutError(f"selftest took longer than {WHOLE_RUN_TIMEOUT_SECONDS} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(WHOLE_RUN_TIMEOUT_SECONDS)

    with tempfile.TemporaryDirectory(prefix="wire-selftest-") as temporary_directory:
        context = SelftestContext(os.path.abspath(arguments.spec), temporary_directory)
        try:
            context.spec_document = load_spec_document(context.spec_path)
            context.operations_by_id = {
                operation_info.operation_id: operation_info for operation_info in list_operations(context.spec_document)
            }
            context.plan = make_plan.build_plan(context.spec_document)
            context.in_process_validator = SpecValidator(context.spec_document)
            context.validating_server = context.start_server(
                "validating_server", ["validating_server.py", "--spec", context.spec_path, "--port", "0"]
            )
            context.validating_port = context.validating_server.port
        except Exception as error:
            print(f"FAIL setup: {type(error).__name__}: {error}")
            context.stop_servers()
            print("selftest: 0 passed, 1 failed")
            sys.exit(1)

        checks = [
            check_health,
            check_sdk_requests_accepted,
            check_missing_api_key,
            check_bad_body,
            check_test_status,
            check_strict_rejections,
            check_recording_server,
            check_every_operation,
            check_sdk_argument_names,
            check_websocket_server,
        ]
        if not arguments.skip_spec_check:
            checks.append(check_spec_itself)
        passed, failed = run_checks(checks, lambda check: check(context), context)
    print(f"selftest: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
