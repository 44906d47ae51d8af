#!/usr/bin/env python3
"""A loopback websocket server for the websocket operations of an OpenAPI 3.0 spec.

Usage: websocket_server.py --spec PATH [--port N | --port-range A-B]

Websocket operations are those carrying `x-codegen-websocket: true` or
`x-dropshot-websocket` (any value). For each of them:

  * the upgrade request is checked: the path must match the operation's template
    (path parameters non-empty after percent-decoding; else 404), a secured operation
    needs a non-empty X-Application-ID (else 401 `missing X-Application-ID`; the value
    `refuse-me` gets 401 `refused` on every operation), query parameters must be
    documented, present when required and valid for their schema (else 400 naming the
    problem). Refusals are text/plain.
  * after the upgrade the server pings once and records whether the pong came within 2 s;
  * client messages must be JSON text frames valid for the operation's request body
    schema (unknown properties rejected); an invalid one is counted, logged and otherwise
    ignored;
  * generic operations send 3 messages right away (no request body) or after each valid
    client message (with a request body): a full instance of the 200 schema; the same
    with `x_unknown_property` added at the top and in one nested object; one with
    `UNKNOWN_FUTURE_VALUE` in a string enum property. Text operations send `ok` 3 times.
    Then the connection stays open until the client closes it.
  * GET /qgpt/stream answers questions by scenario (see QgptConversation below).

Plain HTTP on the same port: GET /.well-known/health -> 200 `ok`; GET /__stats ->
statistics (JSON); POST /__reset clears them; anything else without an upgrade -> 426.

Prints `LISTENING <port>` on stdout once ready; one log line per connection and per
message on stderr. Stops on SIGTERM/SIGINT.
"""

import argparse
import asyncio
import copy
import dataclasses
import http
import json
import logging
import re
import signal
import socket
import sys
import time
import urllib.parse

from openapi_core.validation.schemas._validators import (
    build_forbid_unspecified_additional_properties_validator,
)
from openapi_schema_validator import OAS30Validator
from websockets.asyncio.server import serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Response

from instances import SchemaInstanceBuilder
from openapi_support import list_operations
from openapi_support import load_spec_document
from openapi_support import operation_requires_api_key

LOOPBACK_ADDRESS = "127.0.0.1"
HEALTH_PATH = "/.well-known/health"
STATS_PATH = "/__stats"
RESET_PATH = "/__reset"
WEBSOCKET_EXTENSIONS = ("x-codegen-websocket", "x-dropshot-websocket")
DEFAULT_API_KEY_HEADER = "X-Application-ID"
REFUSE_ME_KEY = "refuse-me"
MISSING_API_KEY_MESSAGE = "missing X-Application-ID"
REFUSED_MESSAGE = "refused"

PONG_TIMEOUT_SECONDS = 2.0
GENERIC_MESSAGE_COUNT = 3
TEXT_MESSAGE = "ok"
UNKNOWN_PROPERTY_NAME = "x_unknown_property"
UNKNOWN_PROPERTY_VALUE = {"nested": [1, "two"]}
UNKNOWN_ENUM_VALUE = "UNKNOWN_FUTURE_VALUE"
LOG_PREVIEW_CHARACTERS = 160

# qgpt_stream
QGPT_PATH = "/qgpt/stream"
QGPT_OPERATION_ID = "qgpt_stream"
QGPT_DEFAULT_PIECES = ("Hello", ", ", "world")
QGPT_SLOW_PIECES = tuple(f"piece {number}" for number in range(1, 11))
QGPT_PAUSE_SECONDS = 0.15
QGPT_SLOW_PAUSE_SECONDS = 0.3
QGPT_MALFORMED_FRAME = '{"status": 42, "question": "not an object"}'
QGPT_FAILURE_MESSAGE = "simulated failure (the query asked for it)"
QGPT_DEFAULT_CONVERSATION = "conversation-from-websocket-server"


def log(line):
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def preview(text):
    text = text if isinstance(text, str) else repr(text)
    return text if len(text) <= LOG_PREVIEW_CHARACTERS else text[:LOG_PREVIEW_CHARACTERS] + "..."


def load_spec(spec_path):
    if spec_path.lower().endswith(".json"):
        with open(spec_path, encoding="utf-8") as spec_file:
            return json.load(spec_file)
    return load_spec_document(spec_path)


# ----- schema validation -----------------------------------------------------------------


class SchemaChecker:
    """Validates instances against schemas of the spec, following `$ref`s into components.

    Each schema is validated as `{"allOf": [schema], "components": ...}`: the local
    references `#/components/...` inside it then resolve against that root, recursive
    schemas included, without copying or dereferencing anything.

    With forbid_unknown_properties (the default), objects without an
    `additionalProperties` keyword reject properties the spec does not name, exactly as
    validating_server.py does through openapi-core.
    """

    def __init__(self, spec_document, forbid_unknown_properties=True):
        self.components = spec_document.get("components") or {}
        validator_class = OAS30Validator
        if forbid_unknown_properties:
            validator_class = build_forbid_unspecified_additional_properties_validator(validator_class)
        self.validator_class = validator_class
        self.validators = {}

    def validator(self, schema):
        key = id(schema)
        cached = self.validators.get(key)
        if cached is None or cached[0] is not schema:
            root = {"allOf": [schema], "components": self.components}
            cached = (schema, self.validator_class(root, format_checker=OAS30Validator.FORMAT_CHECKER))
            self.validators[key] = cached
        return cached[1]

    def errors(self, schema, instance):
        """Sorted list of (JSON path, message) of every validation error; empty when valid."""
        found = []
        for error in self.validator(schema).iter_errors(instance):
            found.extend(_flatten_error(error))
        return sorted(set(found))

    def describe_errors(self, schema, instance, limit=5):
        errors = self.errors(schema, instance)
        lines = [f"at {path}: {preview(message)}" for path, message in errors[:limit]]
        if len(errors) > limit:
            lines.append(f"... {len(errors) - limit} more")
        return "; ".join(lines)


def _flatten_error(error):
    """An allOf wrapper error hides the real ones in its context; list the leaves."""
    if error.context and error.validator in ("allOf", "anyOf", "oneOf"):
        leaves = []
        for sub_error in error.context:
            leaves.extend(_flatten_error(sub_error))
        if leaves:
            return leaves
    return [(error.json_path, error.message)]


# ----- the operations --------------------------------------------------------------------


@dataclasses.dataclass
class WebsocketOperation:
    operation_id: str
    path_template: str
    segment_patterns: list  # per path segment: (compiled regex, [parameter names])
    path_parameters: dict  # name -> parameter object
    query_parameters: dict  # name -> parameter object
    api_key_header: str | None  # header a secured operation needs, None when not secured
    request_schema: object  # JSON schema of client messages, None without a JSON request body
    accepts_messages: bool  # the operation documents a request body at all
    message_kind: str  # "json", "text" or "none"
    response_schema: object
    is_qgpt_stream: bool
    generic_messages: list = dataclasses.field(default_factory=list)
    message_notes: list = dataclasses.field(default_factory=list)


def is_websocket_operation(operation):
    return operation.get("x-codegen-websocket") is True or "x-dropshot-websocket" in operation


def websocket_operations(spec_document):
    """The websocket operations of the spec, as WebsocketOperation (messages not built yet)."""
    found = []
    for operation_info in list_operations(spec_document):
        if not is_websocket_operation(operation_info.operation):
            continue
        request_schema = None
        accepts_messages = operation_info.request_body is not None
        if accepts_messages:
            for media_type, media in (operation_info.request_body.get("content") or {}).items():
                if _is_json_media_type(media_type):
                    request_schema = (media or {}).get("schema") or {}
                    break
        message_kind, response_schema = _message_schema(operation_info)
        found.append(
            WebsocketOperation(
                operation_id=operation_info.operation_id,
                path_template=operation_info.path_template,
                segment_patterns=_segment_patterns(operation_info.path_template),
                path_parameters={
                    parameter["name"]: parameter for parameter in operation_info.parameters if parameter["in"] == "path"
                },
                query_parameters={
                    parameter["name"]: parameter for parameter in operation_info.parameters if parameter["in"] == "query"
                },
                api_key_header=_api_key_header(operation_info, spec_document),
                request_schema=request_schema,
                accepts_messages=accepts_messages,
                message_kind=message_kind,
                response_schema=response_schema,
                is_qgpt_stream=(
                    operation_info.operation_id == QGPT_OPERATION_ID
                    or (operation_info.method == "get" and operation_info.path_template == QGPT_PATH)
                ),
            )
        )
    return found


def _is_json_media_type(media_type):
    essence = media_type.split(";", 1)[0].strip().lower()
    return essence == "application/json" or essence.endswith("+json")


def _message_schema(operation_info):
    """("json" | "text" | "none", schema) of server messages: the 200 response, else a 2xx, else default."""
    keys = [key for key in operation_info.responses if str(key) == "200"]
    keys += [key for key in operation_info.responses if str(key).startswith("2") and str(key) != "200"]
    keys += [key for key in operation_info.responses if str(key) == "default"]
    for key in keys:
        content = operation_info.responses[key].get("content") or {}
        for media_type, media in content.items():
            if _is_json_media_type(media_type):
                return "json", (media or {}).get("schema") or {}
        for media_type, media in content.items():
            essence = media_type.split(";", 1)[0].strip().lower()
            if essence.startswith("text/") or essence == "application/websocket":
                return "text", (media or {}).get("schema") or {"type": "string"}
    return "none", None


def _segment_patterns(path_template):
    patterns = []
    for segment in path_template.strip("/").split("/"):
        names = re.findall(r"\{([^}]+)\}", segment)
        regex = ""
        position = 0
        for match in re.finditer(r"\{([^}]+)\}", segment):
            regex += re.escape(segment[position:match.start()]) + "(.+)"
            position = match.end()
        regex += re.escape(segment[position:])
        patterns.append((re.compile(r"\A" + regex + r"\Z", re.DOTALL), names))
    return patterns


def _api_key_header(operation_info, spec_document):
    if not operation_requires_api_key(operation_info, spec_document):
        return None
    security_schemes = spec_document.get("components", {}).get("securitySchemes", {})
    for requirement in operation_info.security:
        for scheme_name in requirement:
            scheme = security_schemes.get(scheme_name) or {}
            if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                return scheme.get("name") or DEFAULT_API_KEY_HEADER
    return DEFAULT_API_KEY_HEADER


def match_path(operations, raw_path):
    """(operation, {name: decoded value}) for the first operation whose template matches, literal ones first."""
    raw_segments = raw_path.strip("/").split("/") if raw_path.startswith("/") else None
    if raw_segments is None:
        return None, {}
    decoded_segments = [urllib.parse.unquote(segment) for segment in raw_segments]
    candidates = sorted(operations, key=lambda operation: len(operation.path_parameters))
    for operation in candidates:
        if len(operation.segment_patterns) != len(decoded_segments):
            continue
        if raw_path != "/" + "/".join(raw_segments):  # trailing or doubled slashes
            continue
        values = {}
        for (pattern, names), segment in zip(operation.segment_patterns, decoded_segments):
            match = pattern.match(segment)
            if match is None:
                break
            values.update(zip(names, match.groups()))
        else:
            if all(value != "" for value in values.values()):
                return operation, values
    return None, {}


# ----- building the messages ---------------------------------------------------------------


def walk_instance(instance, schema, builder, path="$"):
    """Yields (json path, value, parent container, key, resolved schema) for every value of an instance.

    Follows the schema the way SchemaInstanceBuilder built the instance: `$ref`s, allOf
    merged, the first oneOf/anyOf alternative, properties, map values, array items.
    """
    resolved = _resolve_all(schema, builder)
    yield from _walk(instance, resolved, builder, path, None, None)


def _resolve_all(schema, builder):
    if schema is None or schema is True:
        return {}
    resolved, _ = builder.resolve(schema)
    if resolved.get("allOf"):
        merged = {key: value for key, value in resolved.items() if key != "allOf"}
        merged_properties = dict(merged.get("properties") or {})
        for part in resolved["allOf"]:
            part_resolved = _resolve_all(part, builder)
            merged_properties.update(part_resolved.get("properties") or {})
            for key, value in part_resolved.items():
                if key != "properties":
                    merged.setdefault(key, value)
        if merged_properties:
            merged["properties"] = merged_properties
        return merged
    for alternatives_keyword in ("oneOf", "anyOf"):
        if resolved.get(alternatives_keyword):
            return _resolve_all(resolved[alternatives_keyword][0], builder)
    return resolved


def _walk(value, schema, builder, path, parent, key):
    yield path, value, parent, key, schema
    if isinstance(value, dict):
        properties = schema.get("properties") or {}
        additional = schema.get("additionalProperties")
        for name, child in value.items():
            if name in properties:
                child_schema = _resolve_all(properties[name], builder)
            elif isinstance(additional, dict):
                child_schema = _resolve_all(additional, builder)
            else:
                child_schema = {}
            yield from _walk(child, child_schema, builder, f"{path}.{name}", value, name)
    elif isinstance(value, list):
        item_schema = _resolve_all(schema.get("items"), builder)
        for index, child in enumerate(value):
            yield from _walk(child, item_schema, builder, f"{path}[{index}]", value, index)


def _is_object_with_named_properties(value, schema):
    return isinstance(value, dict) and bool(schema.get("properties"))


def _is_string_enum(value, schema):
    enum = schema.get("enum")
    return isinstance(value, str) and bool(enum) and all(isinstance(item, str) for item in enum)


def _is_under_embedded_schema(json_path):
    """True for paths inside a `schema` property (EmbeddedModelSchema in every Pieces model)."""
    return ".schema." in json_path + "." or json_path.endswith(".schema")


def generic_json_messages(schema, builder):
    """The three messages of a generic JSON operation, and notes saying what each one carries."""
    full_instance = builder.build_full_instance(schema)
    notes = ["full instance"]

    with_unknown_properties = copy.deepcopy(full_instance)
    added_at = []
    nested_targets = [
        (path, value)
        for path, value, _parent, _key, value_schema in walk_instance(with_unknown_properties, schema, builder)
        if path != "$" and _is_object_with_named_properties(value, value_schema)
    ]
    nested_targets.sort(key=lambda target: _is_under_embedded_schema(target[0]))
    nested_target = nested_targets[0] if nested_targets else None
    if isinstance(with_unknown_properties, dict):
        with_unknown_properties[UNKNOWN_PROPERTY_NAME] = copy.deepcopy(UNKNOWN_PROPERTY_VALUE)
        added_at.append("$")
    if nested_target is not None:
        nested_target[1][UNKNOWN_PROPERTY_NAME] = copy.deepcopy(UNKNOWN_PROPERTY_VALUE)
        added_at.append(nested_target[0])
    notes.append(f"{UNKNOWN_PROPERTY_NAME} at " + (", ".join(added_at) or "nowhere (not an object)"))

    with_unknown_enum = copy.deepcopy(full_instance)
    enum_places = [
        (path, parent, key)
        for path, value, parent, key, value_schema in walk_instance(with_unknown_enum, schema, builder)
        if _is_string_enum(value, value_schema)
    ]
    # A property is the likeliest place for a client to keep an open enum; array items and
    # the root come after. Places outside the `schema` (EmbeddedModelSchema) property that
    # every Pieces model has come first, so the operations do not all test the same enum.
    enum_places.sort(key=lambda place: (_is_under_embedded_schema(place[0]), 0 if isinstance(place[2], str) else 1))
    if enum_places:
        path, parent, key = enum_places[0]
        if parent is None:
            with_unknown_enum = UNKNOWN_ENUM_VALUE
        else:
            parent[key] = UNKNOWN_ENUM_VALUE
        notes.append(f"{UNKNOWN_ENUM_VALUE} at {path}")
    else:
        with_unknown_enum = copy.deepcopy(with_unknown_properties)
        notes.append("no string enum reachable: a copy of message 2")
    return [full_instance, with_unknown_properties, with_unknown_enum], notes


def prepare_messages(operations, builder):
    for operation in operations:
        if operation.is_qgpt_stream:
            continue
        if operation.message_kind == "json":
            instances, notes = generic_json_messages(operation.response_schema, builder)
            operation.generic_messages = [json.dumps(instance) for instance in instances]
            operation.message_notes = notes
        elif operation.message_kind == "text":
            operation.generic_messages = [TEXT_MESSAGE] * GENERIC_MESSAGE_COUNT
            operation.message_notes = [f"text {TEXT_MESSAGE!r}"] * GENERIC_MESSAGE_COUNT
        else:
            operation.generic_messages = []
            operation.message_notes = ["no documented 200/2xx/default content: sends nothing"]


class QgptMessages:
    """QGPTStreamOutput messages, each a full instance with status, conversation, request and answer set."""

    def __init__(self, spec_document, builder):
        schemas = spec_document["components"]["schemas"]
        self.output_schema = {"$ref": "#/components/schemas/QGPTStreamOutput"}
        self.output_properties = schemas["QGPTStreamOutput"].get("properties") or {}
        self.base_output = builder.build_full_instance(self.output_schema)
        self.base_question = builder.build_full_instance({"$ref": "#/components/schemas/QGPTQuestionOutput"})
        self.base_answer = builder.build_full_instance({"$ref": "#/components/schemas/QGPTQuestionAnswer"})
        self.status_values = schemas["QGPTStreamEnum"]["enum"]

    def message(self, status, conversation, request, text=None, error_message=None, unknown_property=False):
        if status not in self.status_values:
            raise ValueError(f"{status} is not a QGPTStreamEnum value")
        message = copy.deepcopy(self.base_output)
        message["status"] = status
        message["conversation"] = conversation
        if "request" in self.output_properties:
            message["request"] = request
        message.pop("errorMessage", None)
        if "statusCode" in self.output_properties:
            message["statusCode"] = 200
        message.pop("question", None)
        if text is not None:
            answer = copy.deepcopy(self.base_answer)
            answer["text"] = text
            answer["score"] = 1
            question = copy.deepcopy(self.base_question)
            question["answers"]["iterable"] = [answer]
            message["question"] = question
        if error_message is not None:
            if "errorMessage" in self.output_properties:
                message["errorMessage"] = error_message
            if "statusCode" in self.output_properties:
                message["statusCode"] = 500
        if unknown_property:
            message[UNKNOWN_PROPERTY_NAME] = True
        return message


# ----- statistics ------------------------------------------------------------------------------


OPERATION_COUNTERS = (
    "connections",
    "refused_upgrades",
    "client_messages_valid",
    "client_messages_invalid",
    "messages_sent",
    "pings_sent",
    "pongs_received",
)


class Statistics:
    def __init__(self, operation_ids):
        self.operation_ids = list(operation_ids)
        self.reset()

    def reset(self):
        self.per_operation = {operation_id: dict.fromkeys(OPERATION_COUNTERS, 0) for operation_id in self.operation_ids}
        self.refused_without_operation = 0

    def count(self, operation_id, counter, amount=1):
        self.per_operation[operation_id][counter] += amount

    def refused(self, operation_id):
        if operation_id is None:
            self.refused_without_operation += 1
        else:
            self.count(operation_id, "refused_upgrades")

    def snapshot(self):
        def total(counter):
            return sum(counters[counter] for counters in self.per_operation.values())

        return {
            "operations": copy.deepcopy(self.per_operation),
            "totals": {
                "websocket_operations": len(self.operation_ids),
                "websocket_operations_connected": sum(
                    1 for counters in self.per_operation.values() if counters["connections"] > 0
                ),
                "connections": total("connections"),
                "client_messages_valid": total("client_messages_valid"),
                "client_messages_invalid": total("client_messages_invalid"),
                "messages_sent": total("messages_sent"),
                "pings_sent": total("pings_sent"),
                "pongs_received": total("pongs_received"),
                "refused_upgrades": total("refused_upgrades") + self.refused_without_operation,
            },
        }


# ----- the server ------------------------------------------------------------------------------


def text_response(connection, status, text, extra_headers=()):
    response = connection.respond(status, text)
    for name, value in extra_headers:
        response.headers[name] = value
    return response


def json_response(status, document):
    body = json.dumps(document, indent=1, sort_keys=True).encode("utf-8")
    status = http.HTTPStatus(status)
    headers = Headers(
        [
            ("Connection", "close"),
            ("Content-Length", str(len(body))),
            ("Content-Type", "application/json"),
        ]
    )
    return Response(status.value, status.phrase, headers, body)


def coerce_query_value(raw_values, parameter, builder):
    """The query value(s) as the JSON value the parameter's schema describes; raises ValueError."""
    schema, _ = builder.resolve(parameter.get("schema") or {})
    schema_type = schema.get("type")
    if schema_type == "array":
        style = parameter.get("style", "form")
        explode = parameter.get("explode", style == "form")
        if explode:
            items = list(raw_values)
        else:
            if len(raw_values) != 1:
                raise ValueError("given more than once")
            delimiter = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
            items = raw_values[0].split(delimiter) if raw_values[0] else []
        item_parameter = {"schema": schema.get("items") or {}}
        return [coerce_query_value([item], item_parameter, builder) for item in items]
    if len(raw_values) != 1:
        raise ValueError("given more than once")
    raw_value = raw_values[0]
    if schema_type == "integer":
        try:
            return int(raw_value)
        except ValueError:
            raise ValueError(f"{raw_value!r} is not an integer") from None
    if schema_type == "number":
        try:
            return float(raw_value)
        except ValueError:
            raise ValueError(f"{raw_value!r} is not a number") from None
    if schema_type == "boolean":
        if raw_value not in ("true", "false"):
            raise ValueError(f"{raw_value!r} is not true or false")
        return raw_value == "true"
    if schema_type == "object":
        raise ValueError("object query parameters are not supported by this server")
    return raw_value


class WebsocketTestServer:
    def __init__(self, spec_document):
        self.spec_document = spec_document
        self.builder = SchemaInstanceBuilder(spec_document, optional_property_depth=3)
        self.checker = SchemaChecker(spec_document)
        self.operations = websocket_operations(spec_document)
        self.operations_by_id = {operation.operation_id: operation for operation in self.operations}
        prepare_messages(self.operations, self.builder)
        self.qgpt_messages = (
            QgptMessages(spec_document, self.builder)
            if any(operation.is_qgpt_stream for operation in self.operations)
            else None
        )
        self.statistics = Statistics(operation.operation_id for operation in self.operations)
        self.connection_number = 0

    # ----- the opening handshake ----------------------------------------------------

    def process_request(self, connection, request):
        raw_path, _, query_string = request.path.partition("?")
        method = getattr(request, "method", "GET")
        is_upgrade = "websocket" in (request.headers.get("Upgrade") or "").lower()

        if raw_path == HEALTH_PATH and method == "GET":
            return self.plain_answer(connection, request, 200, "ok")
        if raw_path == STATS_PATH and method == "GET":
            log(f"HTTP {method} {request.path} -> 200")
            return json_response(200, self.statistics.snapshot())
        if raw_path == RESET_PATH and method == "POST":
            self.statistics.reset()
            log(f"HTTP {method} {request.path} -> 200 (statistics cleared)")
            return json_response(200, {"reset": True})
        if not is_upgrade:
            return self.plain_answer(
                connection, request, 426,
                "upgrade required: this server only speaks websocket (GET /.well-known/health and "
                "GET /__stats excepted)",
                extra_headers=[("Upgrade", "websocket")],
            )
        if method != "GET":
            return self.refuse(connection, request, None, 405, f"a websocket upgrade must be a GET, not {method}")

        operation, path_values = match_path(self.operations, raw_path)
        if operation is None:
            return self.refuse(connection, request, None, 404, f"no websocket operation at {raw_path}")

        api_key = request.headers.get(operation.api_key_header or DEFAULT_API_KEY_HEADER)
        if api_key == REFUSE_ME_KEY:
            return self.refuse(connection, request, operation, 401, REFUSED_MESSAGE)
        if operation.api_key_header is not None and not api_key:
            message = MISSING_API_KEY_MESSAGE
            if operation.api_key_header != DEFAULT_API_KEY_HEADER:
                message = f"missing {operation.api_key_header}"
            return self.refuse(connection, request, operation, 401, message)

        problem = self.path_parameter_problem(operation, path_values) or self.query_problem(operation, query_string)
        if problem is not None:
            return self.refuse(connection, request, operation, 400, problem)

        connection.websocket_operation = operation
        connection.websocket_path_values = path_values
        return None

    def plain_answer(self, connection, request, status, text, extra_headers=()):
        log(f"HTTP {getattr(request, 'method', 'GET')} {request.path} -> {status}")
        return text_response(connection, status, text, extra_headers)

    def refuse(self, connection, request, operation, status, reason):
        self.statistics.refused(operation.operation_id if operation else None)
        operation_text = operation.operation_id if operation else "-"
        log(f"REFUSED {operation_text} GET {request.path} -> {status} | {reason}")
        return text_response(connection, status, reason)

    def path_parameter_problem(self, operation, path_values):
        for name, value in path_values.items():
            parameter = operation.path_parameters.get(name)
            if parameter is None or not parameter.get("schema"):
                continue
            coerced = value
            try:
                coerced = coerce_query_value([value], parameter, self.builder)
            except ValueError as error:
                return f"path parameter {name!r}: {error}"
            errors = self.checker.describe_errors(parameter["schema"], coerced)
            if errors:
                return f"path parameter {name!r}: {errors}"
        return None

    def query_problem(self, operation, query_string):
        pairs = urllib.parse.parse_qsl(query_string, keep_blank_values=True)
        values_by_name = {}
        for name, value in pairs:
            values_by_name.setdefault(name, []).append(value)
        for name in values_by_name:
            if name not in operation.query_parameters:
                documented = ", ".join(sorted(operation.query_parameters)) or "none"
                return f"query parameter {name!r} is not documented for {operation.operation_id} (documented: {documented})"
        for name, parameter in operation.query_parameters.items():
            if name not in values_by_name:
                if parameter.get("required"):
                    return f"missing required query parameter {name!r}"
                continue
            try:
                value = coerce_query_value(values_by_name[name], parameter, self.builder)
            except ValueError as error:
                return f"query parameter {name!r}: {error}"
            errors = self.checker.describe_errors(parameter.get("schema") or {}, value)
            if errors:
                return f"query parameter {name!r}: {errors}"
        return None

    # ----- connections ----------------------------------------------------------------

    async def handle_connection(self, websocket):
        operation = websocket.websocket_operation
        self.connection_number += 1
        label = f"{operation.operation_id} #{self.connection_number}"
        self.statistics.count(operation.operation_id, "connections")
        log(f"WS {label} connected: GET {websocket.request.path}")
        session = Session(self, websocket, operation, label)
        ping_task = None
        try:
            # The ping goes out before anything else; its pong is awaited beside the messages.
            pong_waiter = await websocket.ping()
            self.statistics.count(operation.operation_id, "pings_sent")
            ping_task = asyncio.create_task(session.await_pong(pong_waiter))
            if operation.is_qgpt_stream:
                await QgptConversation(session).run()
            else:
                await session.run_generic()
        except ConnectionClosed:
            pass
        finally:
            if ping_task is not None:
                # A closed connection fails the pong waiter, so the task ends by itself; a
                # pong already received is still counted.
                if not pong_waiter.done():
                    ping_task.cancel()
                await asyncio.wait([ping_task])
            close_code = websocket.close_code
            log(f"WS {label} closed (code {close_code}, reason {websocket.close_reason!r})")


class Session:
    """One accepted websocket connection: sending, receiving and counting."""

    def __init__(self, server, websocket, operation, label):
        self.server = server
        self.websocket = websocket
        self.operation = operation
        self.label = label
        self.statistics = server.statistics
        self.operation_id = operation.operation_id

    async def await_pong(self, pong_waiter):
        try:
            latency = await asyncio.wait_for(pong_waiter, PONG_TIMEOUT_SECONDS)
        except asyncio.TimeoutError:
            log(f"WS {self.label} no pong within {PONG_TIMEOUT_SECONDS:.0f} s")
            return
        except ConnectionClosed:
            log(f"WS {self.label} closed before the pong")
            return
        self.statistics.count(self.operation_id, "pongs_received")
        log(f"WS {self.label} pong after {latency * 1000:.1f} ms")

    async def send(self, text, note):
        await self.websocket.send(text)
        self.statistics.count(self.operation_id, "messages_sent")
        log(f"WS {self.label} -> {note} ({len(text)} bytes)")

    def check_client_message(self, message):
        """The decoded message when valid (counted and logged either way), else None."""
        problem = None
        decoded = None
        if isinstance(message, bytes):
            problem = "binary frame; client messages are JSON text frames"
        elif not self.operation.accepts_messages:
            problem = f"{self.operation_id} documents no request body, so no client messages"
        else:
            try:
                decoded = json.loads(message)
            except ValueError as error:
                problem = f"not JSON: {error}"
            else:
                if self.operation.request_schema is not None:
                    errors = self.server.checker.describe_errors(self.operation.request_schema, decoded)
                    if errors:
                        problem = errors
        if problem is not None:
            self.statistics.count(self.operation_id, "client_messages_invalid")
            log(f"WS {self.label} <- INVALID {preview(message)} | {problem}")
            return None
        self.statistics.count(self.operation_id, "client_messages_valid")
        log(f"WS {self.label} <- valid {preview(message)}")
        return decoded

    async def send_generic_messages(self):
        for index, text in enumerate(self.operation.generic_messages):
            await self.send(text, f"message {index + 1}/{len(self.operation.generic_messages)}: "
                                  f"{self.operation.message_notes[index]}")

    async def run_generic(self):
        if not self.operation.accepts_messages:
            await self.send_generic_messages()
        async for message in self.websocket:
            if self.check_client_message(message) is not None and self.operation.accepts_messages:
                await self.send_generic_messages()


class QgptConversation:
    """The /qgpt/stream scenarios, chosen by the text of `question.query`.

      * default: INITIALIZED (carries x_unknown_property: true), IN-PROGRESS "Hello",
        IN-PROGRESS ", ", IN-PROGRESS "world", COMPLETED; 150 ms between messages;
      * `slow`: the same with 10 pieces "piece 1" .. "piece 10", 300 ms between messages;
      * `close-mid-answer`: INITIALIZED, IN-PROGRESS "Hello", then the TCP connection is
        dropped without a close frame;
      * `malformed-frame`: INITIALIZED, IN-PROGRESS "good 1", the text frame
        {"status": 42, "question": "not an object"}, IN-PROGRESS "good 2", COMPLETED;
      * `fail`: INITIALIZED, FAILED (errorMessage set, statusCode 500).
    The first keyword found in that order (close-mid-answer, malformed-frame, fail, slow) wins.

    `stop: true` while an answer is streaming stops it and sends one STOPPED; with no
    answer streaming it is only logged. A question in the same message is answered
    afterwards. Questions are answered one after another, in order.
    """

    def __init__(self, session):
        self.session = session
        self.messages = session.server.qgpt_messages
        self.pending_questions = asyncio.Queue()
        self.current_answer = None
        self.question_count = 0

    async def run(self):
        worker = asyncio.create_task(self.answer_questions())
        try:
            async for message in self.session.websocket:
                decoded = self.session.check_client_message(message)
                if decoded is None or not isinstance(decoded, dict):
                    continue
                if decoded.get("stop") is True:
                    await self.stop_current_answer(decoded)
                if isinstance(decoded.get("question"), dict):
                    await self.pending_questions.put(decoded)
                elif decoded.get("stop") is not True:
                    log(f"WS {self.session.label} message without a question or stop: nothing to answer")
        finally:
            worker.cancel()
            if self.current_answer is not None:
                self.current_answer.cancel()

    async def stop_current_answer(self, stream_input):
        answer = self.current_answer
        if answer is None or answer.done():
            log(f"WS {self.session.label} stop: true with no answer streaming: nothing sent")
            return
        answer.cancel()
        await asyncio.wait([answer])
        conversation, request = answer.conversation_and_request
        await self.send_status("STOPPED", conversation, request)

    async def answer_questions(self):
        while True:
            stream_input = await self.pending_questions.get()
            answer = asyncio.create_task(self.answer(stream_input))
            answer.conversation_and_request = self.conversation_and_request(stream_input)
            self.current_answer = answer
            await asyncio.wait([answer])
            if not answer.cancelled() and answer.exception() is not None:
                error = answer.exception()
                if isinstance(error, ConnectionClosed):
                    return
                log(f"WS {self.session.label} answer failed: {type(error).__name__}: {error}")

    def conversation_and_request(self, stream_input):
        """The input's conversation and request ids, or fixed ones (`request-N`, N counting questions)."""
        if "_ids" not in stream_input:
            self.question_count += 1
            stream_input["_ids"] = (
                stream_input.get("conversation") or QGPT_DEFAULT_CONVERSATION,
                stream_input.get("request") or f"request-{self.question_count}",
            )
        return stream_input["_ids"]

    async def send_status(self, status, conversation, request, text=None, error_message=None, unknown_property=False):
        message = self.messages.message(status, conversation, request, text, error_message, unknown_property)
        note = status + (f" {text!r}" if text is not None else "") + (" (+x_unknown_property)" if unknown_property else "")
        await self.session.send(json.dumps(message), note)

    async def answer(self, stream_input):
        query = str((stream_input.get("question") or {}).get("query") or "")
        conversation, request = self.conversation_and_request(stream_input)
        pause = QGPT_PAUSE_SECONDS
        log(f"WS {self.session.label} question {preview(query)!r}")
        await self.send_status("INITIALIZED", conversation, request, unknown_property=True)
        if "close-mid-answer" in query:
            await asyncio.sleep(pause)
            await self.send_status("IN-PROGRESS", conversation, request, text=QGPT_DEFAULT_PIECES[0])
            await asyncio.sleep(pause)
            log(f"WS {self.session.label} dropping the TCP connection without a close frame")
            self.session.websocket.transport.abort()
            return
        if "malformed-frame" in query:
            await asyncio.sleep(pause)
            await self.send_status("IN-PROGRESS", conversation, request, text="good 1")
            await asyncio.sleep(pause)
            await self.session.send(QGPT_MALFORMED_FRAME, "malformed frame (wrong types)")
            await asyncio.sleep(pause)
            await self.send_status("IN-PROGRESS", conversation, request, text="good 2")
            await asyncio.sleep(pause)
            await self.send_status("COMPLETED", conversation, request)
            return
        if "fail" in query:
            await asyncio.sleep(pause)
            await self.send_status("FAILED", conversation, request, error_message=QGPT_FAILURE_MESSAGE)
            return
        pieces = QGPT_DEFAULT_PIECES
        if "slow" in query:
            pieces = QGPT_SLOW_PIECES
            pause = QGPT_SLOW_PAUSE_SECONDS
        for piece in pieces:
            await asyncio.sleep(pause)
            await self.send_status("IN-PROGRESS", conversation, request, text=piece)
        await asyncio.sleep(pause)
        await self.send_status("COMPLETED", conversation, request)


# ----- startup ---------------------------------------------------------------------------------


def parse_port_range(text):
    match = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected FIRST-LAST, got {text!r}")
    first, last = int(match.group(1)), int(match.group(2))
    if not 1 <= first <= last <= 65535:
        raise argparse.ArgumentTypeError(f"bad port range {text!r}")
    return first, last


def listening_socket(port):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((LOOPBACK_ADDRESS, port))
        listener.listen(128)
    except OSError:
        listener.close()
        raise
    listener.setblocking(False)
    return listener


def bind_first_free(first, last):
    for port in range(first, last + 1):
        try:
            return listening_socket(port)
        except OSError:
            continue
    raise OSError(f"no free port in {first}-{last} on {LOOPBACK_ADDRESS}")


async def serve_until_stopped(test_server, listener):
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)
    server = await serve(
        test_server.handle_connection,
        sock=listener,
        process_request=test_server.process_request,
        server_header="wire-test-websocket-server",
        ping_interval=None,  # the one ping per connection is ours, counted in the statistics
        close_timeout=2,
        max_size=16 * 1024 * 1024,
    )
    print(f"LISTENING {listener.getsockname()[1]}", flush=True)
    await stop.wait()
    log("websocket_server: stopping")
    server.close()
    try:
        await asyncio.wait_for(server.wait_closed(), 5)
    except asyncio.TimeoutError:
        log("websocket_server: connections did not close within 5 s")


def main():
    argument_parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argument_parser.add_argument("--spec", required=True, help="OpenAPI 3.0 document (JSON if it ends in .json, else YAML)")
    argument_parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1; 0 picks a free one")
    argument_parser.add_argument(
        "--port-range", type=parse_port_range, default=None, metavar="FIRST-LAST",
        help="bind the first free port of this range (wins over --port), e.g. 39300-39333",
    )
    arguments = argument_parser.parse_args()

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="websockets: %(message)s")
    started = time.monotonic()
    try:
        spec_document = load_spec(arguments.spec)
        test_server = WebsocketTestServer(spec_document)
    except Exception as error:
        log(f"websocket_server: cannot load the spec {arguments.spec}: {type(error).__name__}: {error}")
        sys.exit(1)
    try:
        if arguments.port_range is not None:
            listener = bind_first_free(*arguments.port_range)
        else:
            listener = listening_socket(arguments.port)
    except OSError as error:
        log(f"websocket_server: cannot listen: {error}")
        sys.exit(1)
    log(
        f"websocket_server: {len(test_server.operations)} websocket operations loaded "
        f"in {time.monotonic() - started:.2f} s"
    )
    if not test_server.operations:
        log("websocket_server: warning: no operation carries x-codegen-websocket: true or x-dropshot-websocket; "
            "every upgrade will get 404 (was the overlay applied to the spec?)")
    for operation in test_server.operations:
        if operation.is_qgpt_stream:
            description = "qgpt_stream scenarios"
        else:
            description = "; ".join(dict.fromkeys(operation.message_notes))
        log(f"  {operation.operation_id} GET {operation.path_template}: {description}")
    try:
        asyncio.run(serve_until_stopped(test_server, listener))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
