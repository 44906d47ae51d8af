#!/usr/bin/env python3
"""Self-test of websocket_server.py. Run with the venv's python; exits 1 on any failure.

Usage: websocket_selftest.py [--spec spec/pieces-os.yaml]

The server is given a copy of the spec marked the way the overlay will mark it
(websocket_marked_spec below), written as JSON. Checks:
  * every websocket operation (34 in the Pieces spec) accepts an upgrade and sends its 3
    messages: the first valid for the 200 schema, the second invalid only by
    `x_unknown_property`, the third only by `UNKNOWN_FUTURE_VALUE`; text operations `ok`;
  * the server's ping is answered (the client library answers pings) and counted;
  * /qgpt/stream: the default 5-message answer, several questions on one socket, `stop`
    during a slow answer, `malformed-frame`, `fail`, `close-mid-answer`, invalid client
    messages counted and not answered;
  * refusals: missing key 401, `refuse-me` 401, unknown path 404, empty path parameter 404,
    bad or undocumented query 400, plain GET 426; /.well-known/health 200 `ok`;
  * --port-range binds the first free port of the range;
  * /__stats adds up with what the client saw; /__reset clears it.
The last line is `websocket selftest: N passed, N failed`.
"""

import argparse
import copy
import json
import os
import signal
import socket
import sys
import tempfile
import time

SCRIPT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, SCRIPT_DIRECTORY)

from websockets.exceptions import ConnectionClosed  # noqa: E402
from websockets.exceptions import InvalidStatus  # noqa: E402
from websockets.sync.client import connect  # noqa: E402

import websocket_server  # noqa: E402
from instances import SchemaInstanceBuilder  # noqa: E402
from openapi_support import HTTP_METHODS  # noqa: E402
from openapi_support import load_spec_document  # noqa: E402
from selftest import CheckFailed  # noqa: E402
from selftest import ServerProcess  # noqa: E402
from selftest import expect  # noqa: E402
from selftest import http_request  # noqa: E402
from selftest import run_checks  # noqa: E402

DEFAULT_SPEC_PATH = os.path.normpath(os.path.join(SCRIPT_DIRECTORY, "..", "..", "spec", "pieces-os.yaml"))
TEST_API_KEY = "test-key"
EXPECTED_PIECES_OPERATION_COUNT = 34
RECEIVE_TIMEOUT_SECONDS = 5
QUIET_SECONDS = 0.5  # how long "nothing is sent back" is waited for
WHOLE_RUN_TIMEOUT_SECONDS = 120
WEBSOCKET_SUMMARY_SUFFIX = "[WS]"
STREAMED_IDENTIFIERS_PATH = "/conversations/stream/identifiers"


def websocket_marked_spec(spec_document):
    """A copy of the spec marked like the overlay will mark it.

    `x-codegen-websocket: true` on every operation whose summary ends with `[WS]`, and
    `GET /conversations/stream/identifiers` (only `default: {}` upstream) documented as a
    200 with a StreamedIdentifiers JSON body.
    """
    marked = copy.deepcopy(spec_document)
    for path_item in marked.get("paths", {}).values():
        for method in HTTP_METHODS:
            operation = path_item.get(method)
            if isinstance(operation, dict) and (operation.get("summary") or "").rstrip().endswith(
                WEBSOCKET_SUMMARY_SUFFIX
            ):
                operation["x-codegen-websocket"] = True
    streamed_identifiers = marked.get("paths", {}).get(STREAMED_IDENTIFIERS_PATH, {}).get("get")
    if streamed_identifiers is not None:
        streamed_identifiers["responses"] = {
            "200": {
                "description": "The identifiers of the conversations, streamed.",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/StreamedIdentifiers"}}
                },
            }
        }
    return marked


class Tally:
    """What the client saw, to compare with the server's /__stats."""

    def __init__(self, operation_ids):
        self.per_operation = {
            operation_id: {"connections": 0, "client_messages_valid": 0, "client_messages_invalid": 0,
                           "messages_received": 0, "refused_upgrades": 0}
            for operation_id in operation_ids
        }
        self.refused_without_operation = 0

    def add(self, operation_id, counter, amount=1):
        self.per_operation[operation_id][counter] += amount


class WebsocketSelftest:
    def __init__(self, spec_path, temporary_directory):
        self.temporary_directory = temporary_directory
        self.spec_document = websocket_marked_spec(load_spec_document(spec_path))
        self.marked_spec_path = os.path.join(temporary_directory, "pieces-os-websocket-marked.json")
        with open(self.marked_spec_path, "w", encoding="utf-8") as spec_file:
            json.dump(self.spec_document, spec_file, default=str)
        self.operations = websocket_server.websocket_operations(self.spec_document)
        self.operations_by_id = {operation.operation_id: operation for operation in self.operations}
        self.builder = SchemaInstanceBuilder(self.spec_document, optional_property_depth=3)
        self.checker = websocket_server.SchemaChecker(self.spec_document)
        self.tally = Tally(self.operations_by_id)
        self.servers = []
        self.server = self.start_server("websocket_server", ["--port", "0"])
        self.port = self.server.port

    def start_server(self, name, port_arguments):
        server = ServerProcess(
            name, ["websocket_server.py", "--spec", self.marked_spec_path, *port_arguments], self.temporary_directory
        )
        self.servers.append(server)
        return server

    def stop_servers(self):
        for server in self.servers:
            try:
                server.stop()
            except Exception as error:
                print(f"warning: could not stop {server.name} (pid {server.process.pid}): {error}")

    # ----- helpers ---------------------------------------------------------------------

    def target_for(self, operation):
        """A valid request target: path parameters `abc`, required query parameters valid."""
        path = operation.path_template
        for name in operation.path_parameters:
            path = path.replace("{" + name + "}", "abc")
        query = []
        for name, parameter in operation.query_parameters.items():
            if parameter.get("required"):
                schema, _ = self.builder.resolve(parameter.get("schema") or {})
                value = self.builder.build_full_instance(schema)
                query.append(f"{name}={value}")
        return path + ("?" + "&".join(query) if query else "")

    def connect(self, target, api_key=TEST_API_KEY):
        headers = {"X-Application-ID": api_key} if api_key is not None else {}
        return connect(
            f"ws://127.0.0.1:{self.port}{target}",
            additional_headers=headers,
            open_timeout=RECEIVE_TIMEOUT_SECONDS,
            close_timeout=2,
        )

    def receive(self, websocket, operation_id):
        message = websocket.recv(timeout=RECEIVE_TIMEOUT_SECONDS)
        self.tally.add(operation_id, "messages_received")
        return message

    def expect_quiet(self, websocket, what):
        try:
            message = websocket.recv(timeout=QUIET_SECONDS)
        except TimeoutError:
            return
        raise CheckFailed(f"{what}: expected nothing, got {message[:200]!r}")

    def expect_refusal(self, target, api_key, status, body_fragment, operation_id):
        try:
            websocket = self.connect(target, api_key)
        except InvalidStatus as error:
            response = error.response
            body = response.body.decode("utf-8", "replace")
            expect(response.status_code == status, f"{target}: expected {status}, got {response.status_code} {body!r}")
            expect(body_fragment in body, f"{target}: {status} body {body!r} lacks {body_fragment!r}")
            expect(response.headers.get("Content-Type", "").startswith("text/plain"),
                   f"{target}: content type {response.headers.get('Content-Type')}")
            if operation_id is None:
                self.tally.refused_without_operation += 1
            else:
                self.tally.add(operation_id, "refused_upgrades")
            return body
        websocket.close()
        raise CheckFailed(f"{target}: the upgrade was accepted, expected {status}")

    def validate_output(self, operation, instance, what):
        errors = self.checker.errors(operation.response_schema, instance)
        expect(not errors, f"{operation.operation_id} {what} does not validate: {errors[:5]}")

    def qgpt_input(self, query, **fields):
        stream_input = self.builder.build_full_instance({"$ref": "#/components/schemas/QGPTStreamInput"})
        stream_input["question"]["query"] = query
        stream_input["stop"] = False
        stream_input["reset"] = False
        stream_input.update(fields)
        return stream_input

    def send_qgpt(self, websocket, stream_input):
        websocket.send(json.dumps(stream_input))
        self.tally.add("qgpt_stream", "client_messages_valid")

    def receive_qgpt(self, websocket):
        qgpt = self.operations_by_id["qgpt_stream"]
        text = self.receive(websocket, "qgpt_stream")
        message = json.loads(text)
        unknown = message.pop(websocket_server.UNKNOWN_PROPERTY_NAME, None)
        self.validate_output(qgpt, message, f"message {text[:120]}")
        answers = (message.get("question") or {}).get("answers", {}).get("iterable") or []
        return message["status"], "".join(answer["text"] for answer in answers), unknown

    # ----- the checks ------------------------------------------------------------------

    def check_operations_marked(self):
        count = len(self.operations)
        expect(count == EXPECTED_PIECES_OPERATION_COUNT,
               f"expected {EXPECTED_PIECES_OPERATION_COUNT} websocket operations, found {count}")
        return f"{count} websocket operations in the marked spec"

    def check_health(self):
        status, headers, body = http_request(self.port, "GET", websocket_server.HEALTH_PATH)
        expect((status, body) == (200, b"ok"), f"/.well-known/health answered {status} {body!r}")
        expect(headers.get("content-type", "").startswith("text/plain"), f"health content type {headers}")
        status, headers, body = http_request(self.port, "GET", "/assets/stream")
        expect(status == 426, f"a plain GET of a websocket path answered {status} {body!r}")
        return f"health 200 ok; plain GET 426; server ready in {self.server.startup_seconds:.2f} s"

    def check_every_operation(self):
        started = time.monotonic()
        problems = []
        for operation in self.operations:
            if operation.is_qgpt_stream:
                continue
            try:
                self.exercise_generic_operation(operation)
            except CheckFailed as error:
                problems.append(str(error))
            except Exception as error:
                problems.append(f"{operation.operation_id}: {type(error).__name__}: {error}")
        expect(not problems, "\n".join(problems))
        return (f"{len(self.operations) - 1} generic operations: upgrade accepted, 3 messages each, "
                f"valid apart from the unknowns ({time.monotonic() - started:.2f} s)")

    def exercise_generic_operation(self, operation):
        operation_id = operation.operation_id
        with self.connect(self.target_for(operation)) as websocket:
            self.tally.add(operation_id, "connections")
            if operation.accepts_messages:
                request_instance = self.builder.build_full_instance(operation.request_schema)
                errors = self.checker.errors(operation.request_schema, request_instance)
                expect(not errors, f"{operation_id}: the generated client message is invalid: {errors[:3]}")
                websocket.send(json.dumps(request_instance))
                self.tally.add(operation_id, "client_messages_valid")
            messages = [self.receive(websocket, operation_id) for _ in range(websocket_server.GENERIC_MESSAGE_COUNT)]
        if operation.message_kind == "text":
            expect(messages == [websocket_server.TEXT_MESSAGE] * 3, f"{operation_id}: text messages {messages}")
            return
        full, with_unknown_properties, with_unknown_enum = (json.loads(message) for message in messages)
        self.validate_output(operation, full, "message 1 (full instance)")
        unknown_property = websocket_server.UNKNOWN_PROPERTY_NAME
        expect(with_unknown_properties.get(unknown_property) == websocket_server.UNKNOWN_PROPERTY_VALUE,
               f"{operation_id}: message 2 lacks the top-level {unknown_property}")
        errors = self.checker.errors(operation.response_schema, with_unknown_properties)
        expect(errors and all(unknown_property in message for _, message in errors),
               f"{operation_id}: message 2 should fail only on {unknown_property}: {errors[:5]}")
        _, notes = websocket_server.generic_json_messages(operation.response_schema, self.builder)
        places = notes[1].count("$")  # "x_unknown_property at $, $.iterable[0]"
        expect(len(errors) == places, f"{operation_id}: message 2 should have {places} unknown properties "
                                      f"({notes[1]}), the validator found {errors}")
        errors = self.checker.errors(operation.response_schema, with_unknown_enum)
        expect(errors and all(websocket_server.UNKNOWN_ENUM_VALUE in message for _, message in errors),
               f"{operation_id}: message 3 should fail only on {websocket_server.UNKNOWN_ENUM_VALUE}: {errors[:5]}")

    def check_qgpt_default_answer(self):
        with self.connect("/qgpt/stream") as websocket:
            self.tally.add("qgpt_stream", "connections")
            sequences = []
            for question_number in (1, 2):
                self.send_qgpt(websocket, self.qgpt_input(f"What is question {question_number}?",
                                                          conversation=f"conversation-{question_number}"))
                sequence = [self.receive_qgpt(websocket) for _ in range(5)]
                sequences.append(sequence)
            expected = [("INITIALIZED", "", True), ("IN-PROGRESS", "Hello", None), ("IN-PROGRESS", ", ", None),
                        ("IN-PROGRESS", "world", None), ("COMPLETED", "", None)]
            for sequence in sequences:
                expect(sequence == expected, f"qgpt default answer: {sequence}")
            # A stop with nothing streaming is logged, not answered; an invalid message is counted.
            websocket.send(json.dumps({"stop": True}))
            self.tally.add("qgpt_stream", "client_messages_valid")
            self.expect_quiet(websocket, "stop without an answer streaming")
            websocket.send(json.dumps({"question": 5}))
            websocket.send(json.dumps({"unknownField": True}))
            websocket.send("not json")
            self.tally.add("qgpt_stream", "client_messages_invalid", 3)
            self.expect_quiet(websocket, "invalid client messages")
        return "2 questions on one socket: INITIALIZED, IN-PROGRESS x3 (Hello, world), COMPLETED; invalid ignored"

    def check_qgpt_stop(self):
        with self.connect("/qgpt/stream") as websocket:
            self.tally.add("qgpt_stream", "connections")
            self.send_qgpt(websocket, self.qgpt_input("a slow question"))
            statuses = [self.receive_qgpt(websocket)[0] for _ in range(2)]
            expect(statuses == ["INITIALIZED", "IN-PROGRESS"], f"slow answer began with {statuses}")
            self.send_qgpt(websocket, {"stop": True})
            while True:
                status, text, _ = self.receive_qgpt(websocket)
                statuses.append(status)
                if status != "IN-PROGRESS":
                    break
            expect(statuses[-1] == "STOPPED", f"after stop: {statuses}")
            expect(len(statuses) < 8, f"the slow answer was not stopped early: {statuses}")
            self.expect_quiet(websocket, "after STOPPED")
            self.send_qgpt(websocket, self.qgpt_input("fail please"))
            failed = [self.receive_qgpt(websocket)[0] for _ in range(2)]
            expect(failed == ["INITIALIZED", "FAILED"], f"fail scenario: {failed}")
        return f"stop during a slow answer: {', '.join(statuses)}; fail: INITIALIZED, FAILED"

    def check_qgpt_malformed_frame(self):
        with self.connect("/qgpt/stream") as websocket:
            self.tally.add("qgpt_stream", "connections")
            self.send_qgpt(websocket, self.qgpt_input("please send a malformed-frame"))
            first = [self.receive_qgpt(websocket)[:2] for _ in range(2)]
            malformed = self.receive(websocket, "qgpt_stream")
            rest = [self.receive_qgpt(websocket)[:2] for _ in range(2)]
        expect(first == [("INITIALIZED", ""), ("IN-PROGRESS", "good 1")], f"before the malformed frame: {first}")
        expect(malformed == websocket_server.QGPT_MALFORMED_FRAME, f"malformed frame: {malformed!r}")
        expect(rest == [("IN-PROGRESS", "good 2"), ("COMPLETED", "")], f"after the malformed frame: {rest}")
        return "INITIALIZED, good 1, malformed frame, good 2, COMPLETED"

    def check_qgpt_close_mid_answer(self):
        with self.connect("/qgpt/stream") as websocket:
            self.tally.add("qgpt_stream", "connections")
            self.send_qgpt(websocket, self.qgpt_input("close-mid-answer now"))
            statuses = [self.receive_qgpt(websocket)[:2] for _ in range(2)]
            try:
                extra = websocket.recv(timeout=RECEIVE_TIMEOUT_SECONDS)
                raise CheckFailed(f"close-mid-answer sent a third message {extra[:100]!r}")
            except ConnectionClosed as error:
                expect(error.rcvd is None, f"the server sent a close frame ({error.rcvd}); expected a dropped socket")
        expect(statuses == [("INITIALIZED", ""), ("IN-PROGRESS", "Hello")], f"close-mid-answer: {statuses}")
        return "INITIALIZED, IN-PROGRESS Hello, then the socket dropped without a close frame"

    def check_refusals(self):
        assets = "/assets/stream"
        missing = self.expect_refusal(assets, None, 401, "missing X-Application-ID", "stream_assets")
        expect(missing == "missing X-Application-ID", f"401 body {missing!r}")
        self.expect_refusal(assets, "", 401, "missing X-Application-ID", "stream_assets")
        refused = self.expect_refusal(assets, "refuse-me", 401, "refused", "stream_assets")
        expect(refused == "refused", f"refuse-me body {refused!r}")
        self.expect_refusal("/no/such/stream", TEST_API_KEY, 404, "no websocket operation", None)
        self.expect_refusal("/model//download/progress", TEST_API_KEY, 404, "no websocket operation", None)
        self.expect_refusal("/assets/stream/", TEST_API_KEY, 404, "no websocket operation", None)
        applet = "stream_applet_version"
        self.expect_refusal("/os/applet/version/stream", TEST_API_KEY, 400, "missing required query parameter 'applet_type'", applet)
        self.expect_refusal("/os/applet/version/stream?applet_type=NOPE", TEST_API_KEY, 400, "'NOPE' is not one of", applet)
        self.expect_refusal(assets + "?zzz=1", TEST_API_KEY, 400, "'zzz' is not documented", "stream_assets")
        # Accepted: the unsecured health stream without a key; an encoded `/` inside a path id.
        for target, operation_id, api_key in (
            ("/.well-known/stream/health", "get_well_known_stream_health", None),
            ("/model/a%2Fb/download/progress", "model_specific_model_download_progress", TEST_API_KEY),
        ):
            with self.connect(target, api_key) as websocket:
                self.tally.add(operation_id, "connections")
                for _ in range(3):
                    self.receive(websocket, operation_id)
        return "401 missing/empty key, 401 refuse-me, 404 unknown/empty id/trailing slash, 400 query x3"

    def check_port_range(self):
        for _attempt in range(20):
            blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            blocker.bind(("127.0.0.1", 0))
            blocker.listen(1)
            first = blocker.getsockname()[1]
            if first + 2 > 65535 or not all(port_is_free(port) for port in (first + 1, first + 2)):
                blocker.close()
                continue
            try:
                server = self.start_server("websocket_server_port_range", ["--port-range", f"{first}-{first + 2}"])
                expect(server.port == first + 1,
                       f"--port-range {first}-{first + 2} with {first} busy bound {server.port}")
                status, _, body = http_request(server.port, "GET", websocket_server.HEALTH_PATH)
                expect((status, body) == (200, b"ok"), f"health on the port-range server: {status} {body!r}")
                server.stop()
                return f"--port-range {first}-{first + 2} with {first} busy: bound {server.port}"
            finally:
                blocker.close()
        raise CheckFailed("found no three consecutive free ports")

    def check_statistics(self):
        time.sleep(0.2)  # let the last pongs and closes land
        status, headers, body = http_request(self.port, "GET", websocket_server.STATS_PATH)
        expect(status == 200 and headers.get("content-type") == "application/json", f"/__stats {status} {headers}")
        stats = json.loads(body)
        problems = []
        for operation_id, seen in self.tally.per_operation.items():
            counters = stats["operations"].get(operation_id)
            if counters is None:
                problems.append(f"{operation_id}: not in /__stats")
                continue
            for counter in ("connections", "client_messages_valid", "client_messages_invalid", "refused_upgrades"):
                if counters[counter] != seen[counter]:
                    problems.append(f"{operation_id}: {counter} {counters[counter]}, client saw {seen[counter]}")
            if counters["messages_sent"] != seen["messages_received"]:
                problems.append(f"{operation_id}: messages_sent {counters['messages_sent']}, "
                                f"client received {seen['messages_received']}")
            if not counters["pings_sent"] == counters["pongs_received"] == counters["connections"]:
                problems.append(f"{operation_id}: pings {counters['pings_sent']}, pongs {counters['pongs_received']}, "
                                f"connections {counters['connections']}")
            if not self.operations_by_id[operation_id].is_qgpt_stream and operation_id not in (
                "get_well_known_stream_health", "model_specific_model_download_progress"
            ) and counters["messages_sent"] != 3 * counters["connections"]:
                problems.append(f"{operation_id}: {counters['messages_sent']} messages for "
                                f"{counters['connections']} connections")
        totals = stats["totals"]
        expected_totals = {
            "websocket_operations_connected": len(self.operations),
            "client_messages_valid": sum(seen["client_messages_valid"] for seen in self.tally.per_operation.values()),
            "client_messages_invalid": sum(seen["client_messages_invalid"] for seen in self.tally.per_operation.values()),
            "messages_sent": sum(seen["messages_received"] for seen in self.tally.per_operation.values()),
            "refused_upgrades": sum(seen["refused_upgrades"] for seen in self.tally.per_operation.values())
            + self.tally.refused_without_operation,
        }
        for name, expected_value in expected_totals.items():
            if totals.get(name) != expected_value:
                problems.append(f"totals.{name} {totals.get(name)}, expected {expected_value}")
        expect(not problems, "\n".join(problems))
        status, _, _ = http_request(self.port, "POST", websocket_server.RESET_PATH)
        _, _, body = http_request(self.port, "GET", websocket_server.STATS_PATH)
        after_reset = json.loads(body)["totals"]
        expect(status == 200 and all(value == 0 for name, value in after_reset.items() if name != "websocket_operations"),
               f"after /__reset: {status} {after_reset}")
        return (f"{totals['websocket_operations_connected']} operations connected, {totals['messages_sent']} messages, "
                f"{totals['client_messages_valid']} valid + {totals['client_messages_invalid']} invalid client "
                f"messages, {totals['refused_upgrades']} refused, {totals['pongs_received']} pongs; /__reset clears")

    def check_sigterm(self):
        self.server.process.terminate()
        started = time.monotonic()
        try:
            self.server.process.wait(timeout=5)
        except Exception:
            raise CheckFailed("the server did not stop within 5 s of SIGTERM") from None
        return f"stopped {time.monotonic() - started:.2f} s after SIGTERM (exit status {self.server.process.returncode})"


def port_is_free(port):
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        probe.close()


def main():
    argument_parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argument_parser.add_argument("--spec", default=DEFAULT_SPEC_PATH)
    arguments = argument_parser.parse_args()

    def on_alarm(signal_number, frame):
        raise TimeoutError(f"websocket selftest took longer than {WHOLE_RUN_TIMEOUT_SECONDS} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(WHOLE_RUN_TIMEOUT_SECONDS)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="websocket-selftest-") as temporary_directory:
        try:
            selftest = WebsocketSelftest(os.path.abspath(arguments.spec), temporary_directory)
        except Exception as error:
            print(f"FAIL setup: {type(error).__name__}: {error}")
            print("websocket selftest: 0 passed, 1 failed")
            sys.exit(1)
        checks = [
            selftest.check_operations_marked,
            selftest.check_health,
            selftest.check_every_operation,
            selftest.check_qgpt_default_answer,
            selftest.check_qgpt_stop,
            selftest.check_qgpt_malformed_frame,
            selftest.check_qgpt_close_mid_answer,
            selftest.check_refusals,
            selftest.check_port_range,
            selftest.check_statistics,
            selftest.check_sigterm,
        ]
        passed, failed = run_checks(checks, lambda check: check(), selftest)
    print(f"websocket selftest took {time.monotonic() - started:.1f} s")
    print(f"websocket selftest: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
