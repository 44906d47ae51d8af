#!/usr/bin/env python3
"""A loopback HTTP server that records every request byte-for-byte and answers a canned response.

Usage: recording_server.py --port 0      (prints `LISTENING <port>` once ready)

Every request is recorded as
  {"method": "POST", "path": "/a%2Fb?x=1", "http_version": "HTTP/1.1",
   "headers": [["Host", "127.0.0.1:1234"], ...], "body_base64": "..."}
where `path` is the request target exactly as sent (query string included, nothing
decoded or normalized) and headers keep their order, case and duplicates.

The answer is 200 `{}` (application/json) until a test sets another one. Control
endpoints, never recorded:
  GET  /__recorded       the JSON list of recorded requests, oldest first
  POST /__reset          forgets all recorded requests and the canned response
  POST /__next_response  {"status": 200, "content_type": "application/json",
                          "body_base64": "..."} is answered to every following
                          request until /__reset; this lets a test feed the same
                          response bytes to two clients.
"""

import argparse
import base64
import binascii
import json
import sys
import threading

import http_support

RECORDED_PATH = "/__recorded"
RESET_PATH = "/__reset"
NEXT_RESPONSE_PATH = "/__next_response"
DEFAULT_RESPONSE = {"status": 200, "content_type": "application/json", "body": b"{}"}


class Recording:
    """The recorded requests and the canned response, shared by all server threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []
        self.canned_response = dict(DEFAULT_RESPONSE)

    def add(self, recorded_request):
        with self.lock:
            self.requests.append(recorded_request)

    def snapshot(self):
        with self.lock:
            return list(self.requests)

    def reset(self):
        with self.lock:
            self.requests.clear()
            self.canned_response = dict(DEFAULT_RESPONSE)

    def set_canned_response(self, canned_response):
        with self.lock:
            self.canned_response = canned_response

    def current_canned_response(self):
        with self.lock:
            return dict(self.canned_response)


def parse_next_response(body):
    """The canned response from a /__next_response body; raises ValueError with a readable reason."""
    try:
        specification = json.loads(body)
    except ValueError as error:
        raise ValueError(f"body is not JSON: {error}") from None
    if not isinstance(specification, dict):
        raise ValueError("body must be a JSON object")
    status = specification.get("status", 200)
    if not isinstance(status, int) or not 100 <= status <= 599:
        raise ValueError(f"status must be an integer 100..599, got {status!r}")
    content_type = specification.get("content_type")
    if content_type is not None and not isinstance(content_type, str):
        raise ValueError("content_type must be a string or null")
    try:
        response_body = base64.b64decode(specification.get("body_base64", ""), validate=True)
    except (binascii.Error, TypeError) as error:
        raise ValueError(f"body_base64 is not valid base64: {error}") from None
    return {"status": status, "content_type": content_type, "body": response_body}


def make_handler_class(recording):
    class RecordingRequestHandler(http_support.LoopbackRequestHandler):
        def handle_any_method(self):
            raw_target = self.raw_request_target()
            try:
                body = self.read_request_body()
            except http_support.RequestBodyError as error:
                self.answer(400, "text/plain; charset=utf-8", str(error).encode())
                return
            if self.command == "GET" and raw_target == RECORDED_PATH:
                payload = json.dumps(recording.snapshot(), ensure_ascii=False).encode("utf-8")
                self.answer(200, "application/json", payload, log=False)
                return
            if self.command == "POST" and raw_target == RESET_PATH:
                recording.reset()
                self.answer(200, "application/json", b"{}", log=False)
                return
            if self.command == "POST" and raw_target == NEXT_RESPONSE_PATH:
                try:
                    recording.set_canned_response(parse_next_response(body))
                except ValueError as error:
                    self.answer(400, "text/plain; charset=utf-8", f"{NEXT_RESPONSE_PATH}: {error}".encode())
                    return
                self.answer(200, "application/json", b"{}", log=False)
                return
            recording.add(
                {
                    "method": self.command,
                    "path": raw_target,
                    "http_version": self.request_version,
                    "headers": [[name, value] for name, value in self.headers.items()],
                    "body_base64": base64.b64encode(body).decode("ascii"),
                }
            )
            canned_response = recording.current_canned_response()
            self.answer(canned_response["status"], canned_response["content_type"], canned_response["body"])

        def answer(self, status_code, content_type, body, log=True):
            self.send_complete_response(status_code, content_type, body)
            if log:
                sys.stderr.write(f"{self.command} {self.raw_request_target()} -> {status_code}\n")
                sys.stderr.flush()

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = handle_any_method

    return RecordingRequestHandler


def main():
    argument_parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argument_parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1; 0 picks a free one")
    arguments = argument_parser.parse_args()
    try:
        server = http_support.LoopbackServer(arguments.port, make_handler_class(Recording()))
    except OSError as error:
        sys.stderr.write(f"recording_server: cannot listen on 127.0.0.1:{arguments.port}: {error}\n")
        sys.exit(1)
    http_support.serve_until_stopped(server)


if __name__ == "__main__":
    main()
