#!/usr/bin/env bash
# Runs every check and test of the project; `.ci/run` calls this. Installs what the tests need on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
# A test run builds every crate once: incremental caches would only fill the disk (tens of GB with the corpus).
export CARGO_INCREMENTAL=0

step() { printf '\n== %s\n' "$*"; }

step "drift check: generated/ matches spec/ and templates/"
cargo xtask codegen --check

step "clippy, warnings denied (generated code included)"
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --quiet -p client-tests -p workstream --all-targets \
    --features client-tests/validating-server,client-tests/websocket-server,workstream/validating-server,workstream/websocket-server \
    -- -D warnings
cargo clippy --quiet -p pieces-os-client --all-targets --no-default-features -- -D warnings

step "each tag feature alone: workstream-event, the largest closure, the smallest (cargo xtask check-features --all checks all 79)"
cargo xtask check-features

step "rustdoc, warnings denied"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

step "tests"
cargo test --workspace

# The wire tests need Python peers: openapi-core's request validator and the official Python SDK.
wire="$PWD/target/wire"
venv="$wire/venv"
mkdir -p "$wire"
server_pids=()
stop_servers() { for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_servers EXIT

# start_server NAME SCRIPT ARGS...: starts a loopback server of testing/python, waits until it prints
# `LISTENING <port>`, and sets server_url. A server that dies first fails the run with its log.
start_server() {
    local name=$1 script=$2
    shift 2
    "$venv/bin/python" "testing/python/$script" "$@" --port 0 >"$wire/$name.out" 2>"$wire/$name.log" &
    local pid=$!
    server_pids+=("$pid")
    for _ in $(seq 1 300); do
        if grep -qs '^LISTENING ' "$wire/$name.out"; then
            server_url="http://127.0.0.1:$(awk '/^LISTENING /{print $2}' "$wire/$name.out")"
            echo "$name listening at $server_url (pid $pid)"
            return
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "$name died before listening; its log:" >&2
            cat "$wire/$name.log" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "$name did not start within 30 s; its log:" >&2
    cat "$wire/$name.log" >&2
    exit 1
}

# save_recorded FILE: writes what the recording server at $server_url received to FILE, then clears it.
save_recorded() {
    "$venv/bin/python" -c '
import sys, urllib.request
base_url, out = sys.argv[1], sys.argv[2]
open(out, "wb").write(urllib.request.urlopen(base_url + "/__recorded").read())
urllib.request.urlopen(urllib.request.Request(base_url + "/__reset", method="POST")).read()
' "$server_url" "$1"
}

step "python venv for the wire tests (openapi-core, pieces_os_client 4.2.0)"
testing/python/setup_venv.sh "$venv"

step "models: pydantic (the Python SDK's models) agrees with what the Rust models write and read"
PIECES_PYTHON=$venv/bin/python cargo test --quiet -p model-tests --test models pydantic -- --nocapture

step "conformance: every operation against the spec-validating server"
start_server validating-server validating_server.py --spec spec/pieces-os.yaml
VALIDATING_SERVER_URL=$server_url cargo test --quiet -p client-tests --features validating-server \
    --test conformance every_operation -- --nocapture
VALIDATING_SERVER_URL=$server_url cargo test --quiet -p client-tests --features validating-server --test error_paths
VALIDATING_SERVER_URL=$server_url cargo test --quiet -p workstream --features validating-server

step "websockets: every websocket operation against a websocket server that validates each message"
cargo xtask overlay --out "$wire/pieces-os.overlaid.json"
start_server websocket-server websocket_server.py --spec "$wire/pieces-os.overlaid.json"
WEBSOCKET_SERVER_URL=$server_url cargo test --quiet -p client-tests --features validating-server \
    --test conformance every_websocket_operation -- --nocapture
WEBSOCKET_SERVER_URL=$server_url cargo test --quiet -p client-tests --features websocket-server --test websocket
"$venv/bin/python" testing/python/websocket_stats.py --server "$server_url" --operations 34

step "the workstream example: ask (Copilot chat) and watch, finding Pieces OS on its port"
start_server pieces-like-server websocket_server.py --spec "$wire/pieces-os.overlaid.json" --port-range 39300-39333
PIECES_LIKE_SERVER_URL=$server_url cargo test --quiet -p workstream --features websocket-server --test ask_and_watch

step "wire parity with the Python SDK on a recording server"
start_server recording-server recording_server.py
"$venv/bin/python" testing/python/make_plan.py --spec "$wire/pieces-os.overlaid.json" --out "$wire/plan.json"
"$venv/bin/python" testing/python/python_calls.py --base-url "$server_url" --plan "$wire/plan.json" \
    --out "$wire/python-results.json"
save_recorded "$wire/python-requests.json"
RECORDING_SERVER_URL=$server_url CALL_PLAN=$wire/plan.json cargo test --quiet -p client-tests \
    --features validating-server --test conformance replay_call_plan -- --nocapture
save_recorded "$wire/rust-requests.json"
"$venv/bin/python" testing/python/compare_requests.py --spec spec/pieces-os.yaml --plan "$wire/plan.json" \
    --python-results "$wire/python-results.json" --python-requests "$wire/python-requests.json" \
    --rust-requests "$wire/rust-requests.json"

step "response parity: the same response bytes decoded by the Python SDK and the Rust client"
"$venv/bin/python" testing/python/response_parity.py cases --spec spec/pieces-os.yaml --out "$wire/response-cases.json"
"$venv/bin/python" testing/python/response_parity.py python --base-url "$server_url" \
    --cases "$wire/response-cases.json" --out "$wire/response-python.json"
RECORDING_SERVER_URL=$server_url RESPONSE_CASES=$wire/response-cases.json RESPONSE_OUTCOMES=$wire/response-rust.json \
    cargo test --quiet -p client-tests --features validating-server --test response_parity
"$venv/bin/python" testing/python/response_parity.py compare --cases "$wire/response-cases.json" \
    --python "$wire/response-python.json" --rust "$wire/response-rust.json"
