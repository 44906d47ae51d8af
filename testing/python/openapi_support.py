"""Loading the spec, listing its operations, and adapting wire requests/responses to openapi-core.

Shared by validating_server.py, make_plan.py and selftest.py so that all three see the
operations (and their parameters, bodies and responses) the same way.
"""

import dataclasses
import http.cookies
import urllib.parse
import warnings

import yaml
from openapi_core import Config
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.media_types import media_type_deserializers as known_media_type_deserializers
from openapi_core.deserializing.media_types.util import plain_loads
from werkzeug.datastructures import Headers
from werkzeug.datastructures import ImmutableMultiDict

from instances import resolve_json_pointer

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# openapi-core has no provider for oauth2 schemes and warns on every request that uses
# one (the three Auth0 operations). The warning is expected; it would only flood logs.
warnings.filterwarnings("ignore", message="Unsupported scheme type")


def load_spec_document(spec_path):
    """The spec as a plain dict. The C YAML loader is 10x faster on this 26k-line file."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(spec_path, "rb") as spec_file:
        return yaml.load(spec_file, Loader=loader)


def build_openapi(spec_document, check_spec=False, forbid_unknown_properties=True):
    """The openapi-core model of the spec.

    check_spec runs openapi-spec-validator over the whole document (about 3 s here);
    the self-test does it once, the servers skip it by default to start fast.

    forbid_unknown_properties makes objects without an `additionalProperties` keyword
    reject properties the spec does not name. That is what catches a client that
    serializes a field under the wrong name (an optional field would otherwise just go
    missing without any error).
    """
    config = Config(
        additional_properties_default_policy="forbid" if forbid_unknown_properties else "allow",
        extra_media_type_deserializers=text_deserializers_for_unknown_media_types(spec_document),
    )
    if not check_spec:
        config.spec_validator_cls = None
    return OpenAPI.from_dict(spec_document, config=config)


def text_deserializers_for_unknown_media_types(spec_document):
    """Reads bodies of media types openapi-core does not know (application/websocket) as text.

    openapi-core hands such bodies to the schema as raw bytes, which then fail the
    `type: string` schema the spec gives them; as text they validate like text/plain.
    """
    unknown_media_types = set()
    for path_item in spec_document.get("paths", {}).values():
        for method in HTTP_METHODS:
            operation = path_item.get(method) or {}
            bodies = [operation.get("requestBody") or {}] + list((operation.get("responses") or {}).values())
            for body in bodies:
                for media_type in (body.get("content") or {}):
                    essence = media_type.split(";", 1)[0].strip().lower()
                    if essence not in known_media_type_deserializers and not essence.endswith("+json"):
                        unknown_media_types.add(essence)
    return {media_type: plain_loads for media_type in sorted(unknown_media_types)}


def first_server_url(spec_document):
    """openapi-core matches request URLs against `servers`; requests are checked as if sent there."""
    servers = spec_document.get("servers") or [{"url": "http://localhost"}]
    return servers[0]["url"].rstrip("/")


@dataclasses.dataclass
class OperationInfo:
    """One operation of the spec, with path-level parameters merged and `$ref`s of parameters resolved."""

    operation_id: str
    tag: str
    method: str
    path_template: str
    operation: dict
    parameters: list
    request_body: dict | None
    responses: dict
    security: list


def list_operations(spec_document):
    """All operations in spec order."""
    global_security = spec_document.get("security")
    operations = []
    for path_template, path_item in spec_document.get("paths", {}).items():
        path_level_parameters = [
            _resolve_reference(spec_document, parameter)
            for parameter in path_item.get("parameters", [])
        ]
        for method in HTTP_METHODS:
            if method not in path_item:
                continue
            operation = path_item[method]
            operation_parameters = [
                _resolve_reference(spec_document, parameter)
                for parameter in operation.get("parameters", [])
            ]
            # Operation-level parameters override path-level ones with the same name and location.
            overridden = {(parameter["name"], parameter["in"]) for parameter in operation_parameters}
            merged_parameters = operation_parameters + [
                parameter
                for parameter in path_level_parameters
                if (parameter["name"], parameter["in"]) not in overridden
            ]
            request_body = operation.get("requestBody")
            if request_body is not None:
                request_body = _resolve_reference(spec_document, request_body)
            responses = {
                status_key: _resolve_reference(spec_document, response)
                for status_key, response in (operation.get("responses") or {}).items()
            }
            operations.append(
                OperationInfo(
                    operation_id=operation.get("operationId", f"{method} {path_template}"),
                    tag=(operation.get("tags") or ["default"])[0],
                    method=method,
                    path_template=path_template,
                    operation=operation,
                    parameters=merged_parameters,
                    request_body=request_body,
                    responses=responses,
                    security=operation.get("security", global_security) or [],
                )
            )
    return operations


def _resolve_reference(spec_document, node):
    while isinstance(node, dict) and "$ref" in node:
        node = resolve_json_pointer(spec_document, node["$ref"])
    return node


def operation_requires_api_key(operation_info, spec_document):
    """True when every security alternative of the operation needs an apiKey scheme."""
    security_schemes = spec_document.get("components", {}).get("securitySchemes", {})
    if not operation_info.security:
        return False
    for requirement in operation_info.security:
        scheme_types = {security_schemes.get(name, {}).get("type") for name in requirement}
        if "apiKey" not in scheme_types:
            return False
    return True


class WireRequest:
    """An HTTP request as received on the wire, shaped as openapi-core's Request protocol.

    The path stays percent-encoded: decoding it would turn an encoded `%2F` inside a path
    id into a real `/` and make the request match no path template.
    """

    def __init__(self, host_url, method, raw_target, header_pairs, body):
        path, _, query_string = raw_target.partition("?")
        self.host_url = host_url
        self.path = path
        self.query_string = query_string
        self.method = method.lower()
        headers = Headers(header_pairs)
        cookies = http.cookies.SimpleCookie()
        for cookie_header in headers.getlist("Cookie"):
            cookies.load(cookie_header)
        self.parameters = RequestParameters(
            # keep_blank_values: `?flag=` is a parameter with an empty value, not no parameter.
            query=ImmutableMultiDict(
                urllib.parse.parse_qsl(query_string, keep_blank_values=True)
            ),
            header=headers,
            cookie=ImmutableMultiDict({name: morsel.value for name, morsel in cookies.items()}),
        )
        self.content_type = (headers.get("Content-Type") or "").lower()
        self.body = body if body else None


class WireResponse:
    """A response about to be sent, shaped as openapi-core's Response protocol."""

    def __init__(self, status_code, content_type, body):
        self.status_code = status_code
        self.content_type = content_type or ""
        self.headers = Headers([("Content-Type", content_type)] if content_type else [])
        self.data = body
