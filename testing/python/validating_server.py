#!/usr/bin/env python3
"""A loopback HTTP server that checks every request against the spec and answers like the spec says.

Usage: validating_server.py --spec spec/pieces-os.yaml --port 0

For every request:
  * invalid (per openapi-core, plus two stricter checks below): 422 text/plain with the
    validator's message, nested schema errors included;
  * an operation secured by the `application` apiKey without X-Application-ID: 401
    text/plain "missing X-Application-ID";
  * valid: the first documented 2xx status (or `default` answered as 200) with a body
    generated from the documented schema, in the documented media type that the
    request's Accept header prefers;
  * valid with `X-Test-Status: <code>`: that status, with the body documented for it
    (or a text/plain body when it is not documented).
Valid answers carry `X-Operation-Id`, so a test can see which operation matched.

Two checks beyond openapi-core's, because both are client bugs it would let through:
  * a query parameter the operation does not document;
  * a body sent to an operation that documents none.

GET /__health answers 200 "ok" and is not checked against the spec.
"""

import argparse
import json
import sys
import threading
import time
import urllib.parse

from openapi_core.templating.paths.finders import APICallPathFinder
from openapi_core.validation.request.exceptions import SecurityValidationError

import http_support
from instances import SchemaInstanceBuilder
from instances import build_string
from openapi_support import WireRequest
from openapi_support import WireResponse
from openapi_support import build_openapi
from openapi_support import first_server_url
from openapi_support import list_operations
from openapi_support import load_spec_document

TEST_STATUS_HEADER = "X-Test-Status"
OPERATION_ID_HEADER = "X-Operation-Id"
HEALTH_PATH = "/__health"
MISSING_API_KEY_MESSAGE = "missing X-Application-ID"
PLACEHOLDER_BYTES = b"placeholder bytes from the validating server"


class DocumentedResponseMaker:
    """Chooses status and media type for an operation and builds a body the spec allows."""

    def __init__(self, spec_document):
        self.instance_builder = SchemaInstanceBuilder(spec_document, optional_property_depth=3)

    @staticmethod
    def success_status(operation_info):
        """(status code, response key): the first 2xx response in spec order, else `default` as 200.

        The key is None when the operation documents neither; the server then answers 200
        with an empty body.
        """
        for status_key in operation_info.responses:
            if str(status_key).startswith("2"):
                code = 200 if str(status_key).upper() == "2XX" else int(status_key)
                return code, status_key
        if "default" in operation_info.responses:
            return 200, "default"
        return 200, None

    @staticmethod
    def response_key_for_status(operation_info, status_code):
        """The responses key documenting status_code: exact, then range (`4XX`), else None."""
        for candidate in (str(status_code), f"{str(status_code)[0]}XX", f"{str(status_code)[0]}xx"):
            if candidate in operation_info.responses:
                return candidate
        return None

    def make_response(self, operation_info, status_code, response_key, accept_header):
        """A WireResponse for status_code; the body follows the documented response if any."""
        response = operation_info.responses.get(response_key) if response_key is not None else None
        if response is None:
            # Not documented: still answer, as a server might, with a short text.
            return WireResponse(
                status_code, "text/plain; charset=utf-8", short_text(status_code).encode("utf-8")
            )
        content = response.get("content") or {}
        if not content or status_code == 204:
            return WireResponse(status_code, None, b"")
        media_type = choose_media_type(list(content), accept_header)
        schema = (content[media_type] or {}).get("schema")
        content_type, body = self.body_for_media_type(media_type, schema, status_code)
        return WireResponse(status_code, content_type, body)

    def body_for_media_type(self, media_type, schema, status_code):
        """(Content-Type header, body bytes) for one documented media type."""
        essence = media_type.split(";", 1)[0].strip().lower()
        if essence == "application/json" or essence.endswith("+json"):
            instance = self.instance_builder.build_full_instance(schema) if schema else {}
            return media_type, json.dumps(instance).encode("utf-8")
        if essence.startswith("text/"):
            return f"{essence}; charset=utf-8", self.text_for_schema(schema, status_code).encode("utf-8")
        if essence == "application/x-www-form-urlencoded":
            instance = self.instance_builder.build_full_instance(schema) if schema else {}
            return media_type, urlencode_top_level_scalars(instance).encode("ascii")
        # application/websocket and anything else that cannot be generated.
        return media_type, PLACEHOLDER_BYTES

    def text_for_schema(self, schema, status_code):
        resolved_schema, _ = self.instance_builder.resolve(schema) if schema else ({}, None)
        schema_type = resolved_schema.get("type", "string")
        has_constraints = any(
            keyword in resolved_schema for keyword in ("enum", "pattern", "format", "minLength", "maxLength")
        )
        if schema_type == "string" and not has_constraints:
            return short_text(status_code)
        if schema_type == "string" and "enum" not in resolved_schema:
            return build_string(resolved_schema)
        instance = self.instance_builder.build_full_instance(resolved_schema)
        return instance if isinstance(instance, str) else json.dumps(instance)


def short_text(status_code):
    return f"status {status_code} from the validating server"


def choose_media_type(documented_media_types, accept_header):
    """The documented media type the Accept header prefers; the first documented one otherwise."""
    accepted_ranges = []
    for position, accept_item in enumerate((accept_header or "").split(",")):
        media_range, _, parameters = accept_item.strip().partition(";")
        if not media_range:
            continue
        quality = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            accepted_ranges.append((-quality, position, media_range.strip().lower()))
    for _, _, media_range in sorted(accepted_ranges):
        for documented_media_type in documented_media_types:
            documented_essence = documented_media_type.split(";", 1)[0].strip().lower()
            if media_range in ("*/*", documented_essence) or (
                media_range.endswith("/*") and documented_essence.startswith(media_range[:-1])
            ):
                return documented_media_type
    return documented_media_types[0]


def urlencode_top_level_scalars(instance):
    """Form-encodes the scalar properties of an object instance; nested values cannot be form fields."""
    fields = []
    for name, value in (instance or {}).items():
        if isinstance(value, bool):
            fields.append((name, "true" if value else "false"))
        elif isinstance(value, (str, int, float)):
            fields.append((name, str(value)))
    return urllib.parse.urlencode(fields)


def describe_validation_error(error):
    """The validator's message plus every nested schema error (message and JSON path)."""
    headline = str(error)
    direct_cause = error.__cause__
    if direct_cause is not None and getattr(direct_cause, "schema_errors", None):
        # The cause's own text repeats the whole offending value and every error as a
        # tuple; the errors are listed one per line below, so keep the headline short.
        headline = headline.replace(
            str(direct_cause), f"value not valid for schema of type {getattr(direct_cause, 'type', '?')}"
        )
    lines = [f"{type(error).__name__}: {headline}"]
    seen_causes = set()
    cause = error.__cause__ or error.__context__
    while cause is not None and id(cause) not in seen_causes:
        seen_causes.add(id(cause))
        schema_errors = list(getattr(cause, "schema_errors", None) or [])
        if schema_errors:
            lines.append(f"caused by {type(cause).__name__}:")
            for schema_error in schema_errors:
                lines.extend(_describe_schema_error(schema_error, indent="  "))
        else:
            lines.append(f"caused by {type(cause).__name__}: {cause}")
        cause = cause.__cause__ or cause.__context__
    return "\n".join(lines)


def _describe_schema_error(schema_error, indent):
    json_path = getattr(schema_error, "json_path", None) or "$"
    message = getattr(schema_error, "message", str(schema_error))
    lines = [f"{indent}at {json_path}: {message}"]
    # oneOf/anyOf failures keep the reason of every alternative in `context`.
    for sub_error in getattr(schema_error, "context", None) or []:
        lines.extend(_describe_schema_error(sub_error, indent + "  "))
    return lines


class SpecValidator:
    """Request validation and operation lookup; thread-safe by holding one lock around openapi-core."""

    def __init__(self, spec_document, check_spec=False, forbid_unknown_properties=True):
        self.spec_document = spec_document
        self.openapi = build_openapi(
            spec_document, check_spec=check_spec, forbid_unknown_properties=forbid_unknown_properties
        )
        self.server_url = first_server_url(spec_document)
        self.path_finder = APICallPathFinder(self.openapi.spec, base_url=None)
        self.operations_by_id = {
            operation_info.operation_id: operation_info for operation_info in list_operations(spec_document)
        }
        # openapi-core resolves $refs and builds validators lazily and caches them; whether
        # that is thread-safe is not documented, and validation is CPU-bound anyway.
        self.lock = threading.Lock()

    def wire_request(self, method, raw_target, header_pairs, body):
        return WireRequest(self.server_url, method, raw_target, header_pairs, body)

    def validate(self, wire_request):
        """(operation_info or None, list of errors). Security errors come alone, as openapi-core yields them."""
        with self.lock:
            errors = list(self.openapi.iter_request_errors(wire_request))
            operation_info = None
            try:
                found = self.path_finder.find(wire_request.method, self.server_url + wire_request.path)
                operation_id = (found.operation / "operationId").read_str()
                operation_info = self.operations_by_id.get(operation_id)
            except Exception:  # PathNotFound/OperationNotFound: already among `errors`
                operation_info = None
        if operation_info is not None and not errors:
            errors.extend(self.stricter_errors(operation_info, wire_request))
        return operation_info, errors

    @staticmethod
    def stricter_errors(operation_info, wire_request):
        documented_query_names = {
            parameter["name"] for parameter in operation_info.parameters if parameter["in"] == "query"
        }
        errors = []
        for query_name in wire_request.parameters.query.keys():
            if query_name not in documented_query_names:
                errors.append(
                    UndocumentedInput(
                        f"query parameter {query_name!r} is not documented for {operation_info.operation_id}"
                    )
                )
        if operation_info.request_body is None and wire_request.body:
            errors.append(
                UndocumentedInput(
                    f"{operation_info.operation_id} documents no request body, "
                    f"but {len(wire_request.body)} body bytes were sent"
                )
            )
        return errors


class UndocumentedInput(Exception):
    """The request carries something the operation does not document."""


def make_handler_class(spec_validator, response_maker):
    class ValidatingRequestHandler(http_support.LoopbackRequestHandler):
        def handle_any_method(self):
            raw_target = self.raw_request_target()
            try:
                body = self.read_request_body()
            except http_support.RequestBodyError as error:
                self.answer(400, "text/plain; charset=utf-8", str(error).encode(), str(error))
                return
            if self.command == "GET" and raw_target == HEALTH_PATH:
                self.answer(200, "text/plain; charset=utf-8", b"ok", None, log=False)
                return
            wire_request = spec_validator.wire_request(
                self.command, raw_target, list(self.headers.items()), body
            )
            try:
                operation_info, errors = spec_validator.validate(wire_request)
            except Exception as error:  # a validator crash must not look like a valid request
                message = f"validator crashed: {type(error).__name__}: {error}"
                self.answer(500, "text/plain; charset=utf-8", message.encode(), message)
                return
            if errors:
                if any(isinstance(error, SecurityValidationError) for error in errors):
                    self.answer(
                        401, "text/plain; charset=utf-8", MISSING_API_KEY_MESSAGE.encode(),
                        MISSING_API_KEY_MESSAGE,
                    )
                    return
                message = "\n".join(describe_validation_error(error) for error in errors)
                self.answer(422, "text/plain; charset=utf-8", message.encode("utf-8"), message)
                return
            self.answer_documented(operation_info)

        def answer_documented(self, operation_info):
            requested_status_text = self.headers.get(TEST_STATUS_HEADER)
            if requested_status_text is not None:
                try:
                    status_code = int(requested_status_text)
                    if not 100 <= status_code <= 599:
                        raise ValueError
                except ValueError:
                    message = f"{TEST_STATUS_HEADER} must be a status code 100..599, got {requested_status_text!r}"
                    self.answer(400, "text/plain; charset=utf-8", message.encode(), message)
                    return
                response_key = response_maker.response_key_for_status(operation_info, status_code)
            else:
                status_code, response_key = response_maker.success_status(operation_info)
                if response_key is None:
                    # Some operations document only errors (the MCP endpoints): a plain
                    # success with nothing in it is the least a client must handle.
                    self.answer(200, None, b"", None, extra_headers=[(OPERATION_ID_HEADER, operation_info.operation_id)])
                    return
            try:
                wire_response = response_maker.make_response(
                    operation_info, status_code, response_key, self.headers.get("Accept")
                )
            except Exception as error:
                message = f"could not build the documented response: {type(error).__name__}: {error}"
                self.answer(500, "text/plain; charset=utf-8", message.encode(), message)
                return
            self.answer(
                wire_response.status_code,
                wire_response.content_type,
                wire_response.data,
                None,
                extra_headers=[(OPERATION_ID_HEADER, operation_info.operation_id)],
            )

        def answer(self, status_code, content_type, body, error_text, extra_headers=(), log=True):
            self.send_complete_response(status_code, content_type, body, extra_headers)
            if log:
                log_line = f"{self.command} {self.raw_request_target()} -> {status_code}"
                if error_text:
                    log_line += " | " + error_text.replace("\n", " | ")
                sys.stderr.write(log_line + "\n")
                sys.stderr.flush()

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = handle_any_method

    return ValidatingRequestHandler


def main():
    argument_parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argument_parser.add_argument("--spec", required=True, help="path of the OpenAPI 3.0 spec (YAML or JSON)")
    argument_parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1; 0 picks a free one")
    argument_parser.add_argument(
        "--check-spec", action="store_true",
        help="validate the spec itself with openapi-spec-validator before serving (about 3 s)",
    )
    argument_parser.add_argument(
        "--allow-unknown-properties", action="store_true",
        help="accept object properties the spec does not name (default: reject them)",
    )
    arguments = argument_parser.parse_args()

    started = time.monotonic()
    try:
        spec_document = load_spec_document(arguments.spec)
        spec_validator = SpecValidator(
            spec_document,
            check_spec=arguments.check_spec,
            forbid_unknown_properties=not arguments.allow_unknown_properties,
        )
        response_maker = DocumentedResponseMaker(spec_document)
    except Exception as error:
        sys.stderr.write(f"validating_server: cannot load the spec {arguments.spec}: {type(error).__name__}: {error}\n")
        sys.exit(1)
    try:
        server = http_support.LoopbackServer(arguments.port, make_handler_class(spec_validator, response_maker))
    except OSError as error:
        sys.stderr.write(f"validating_server: cannot listen on 127.0.0.1:{arguments.port}: {error}\n")
        sys.exit(1)
    sys.stderr.write(
        f"validating_server: {len(spec_validator.operations_by_id)} operations loaded "
        f"in {time.monotonic() - started:.2f} s\n"
    )
    http_support.serve_until_stopped(server)


if __name__ == "__main__":
    main()
