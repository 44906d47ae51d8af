"""Plumbing shared by the two loopback test servers: body reading, answering, startup protocol.

Both servers speak HTTP/1.1 with keep-alive (clients such as reqwest pool connections),
so every answer carries a Content-Length, and both print `LISTENING <port>` on stdout
once they accept connections, which is what scripts and tests wait for.
"""

import http.server
import socket
import sys

LOOPBACK_ADDRESS = "127.0.0.1"

# A client that stops sending mid-request must not keep a server thread forever.
SOCKET_TIMEOUT_SECONDS = 30

# Ten times the largest body any test sends; anything bigger is a client bug.
MAXIMUM_BODY_BYTES = 16 * 1024 * 1024


class RequestBodyError(Exception):
    """The request body could not be read (bad Content-Length, bad chunking, too large)."""


class LoopbackRequestHandler(http.server.BaseHTTPRequestHandler):
    """Base handler: HTTP/1.1, one stderr log line per request (written by subclasses), raw target."""

    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT_SECONDS
    server_version = "wire-test-server"

    def version_string(self):
        # The default appends the Python version; the Server header stays the same on every machine.
        return self.server_version

    def raw_request_target(self):
        """The request target exactly as sent on the request line.

        http.server rewrites a target starting with `//` in self.path (an open-redirect
        guard); the request line still has the original bytes.
        """
        words = self.requestline.split(" ")
        if len(words) == 3:
            return words[1]
        return self.path

    def read_request_body(self):
        """The raw body bytes: by Content-Length, or de-chunked for Transfer-Encoding: chunked."""
        try:
            return self._read_request_body()
        except RequestBodyError:
            # Where the next request starts is unknown now; this connection cannot go on.
            self.close_connection = True
            raise

    def _read_request_body(self):
        transfer_encoding = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in transfer_encoding:
            return self._read_chunked_body()
        content_length_text = self.headers.get("Content-Length")
        if content_length_text is None:
            return b""
        try:
            content_length = int(content_length_text)
        except ValueError:
            raise RequestBodyError(f"bad Content-Length header: {content_length_text!r}") from None
        if content_length < 0 or content_length > MAXIMUM_BODY_BYTES:
            raise RequestBodyError(f"Content-Length out of range: {content_length}")
        return self.rfile.read(content_length)

    def _read_chunked_body(self):
        chunks = []
        total_size = 0
        while True:
            size_line = self.rfile.readline(1024)
            try:
                chunk_size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise RequestBodyError(f"bad chunk size line: {size_line!r}") from None
            if chunk_size == 0:
                # Skip trailer headers up to the empty line.
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            total_size += chunk_size
            if total_size > MAXIMUM_BODY_BYTES:
                raise RequestBodyError("chunked body too large")
            chunks.append(self.rfile.read(chunk_size))
            self.rfile.readline(1024)  # the CRLF after each chunk

    def send_complete_response(self, status_code, content_type, body, extra_headers=()):
        """Status line, headers and body in one go; no body for statuses that forbid one."""
        if status_code in (204, 304) or 100 <= status_code < 200:
            body = b""
        self.send_response(status_code)
        if content_type and body:
            self.send_header("Content-Type", content_type)
        if status_code not in (204, 304):
            self.send_header("Content-Length", str(len(body)))
        for header_name, header_value in extra_headers:
            self.send_header(header_name, header_value)
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - signature fixed by http.server
        # http.server's own access log is replaced by one line per request from the subclass;
        # its error messages (bad request lines and such) still go to stderr.
        if format.startswith('"%s" %s %s') or format.startswith('code %d'):
            return
        sys.stderr.write("%s\n" % (format % args))


class LoopbackServer(http.server.ThreadingHTTPServer):
    """A threaded server on 127.0.0.1 whose worker threads never keep the process alive."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port, handler_class):
        super().__init__((LOOPBACK_ADDRESS, port), handler_class)

    def server_bind(self):
        # Nagle's algorithm would delay small keep-alive answers by 40 ms on Linux.
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().server_bind()


def serve_until_stopped(server):
    """Announces the port, then serves until SIGINT/SIGTERM or the process is killed."""
    port = server.server_address[1]
    print(f"LISTENING {port}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
