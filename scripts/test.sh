#!/usr/bin/env bash
# Runs every check and test of the project; `.ci/run` calls this. Installs what the tests need on its own.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "drift check: generated/ matches spec/ and templates/"
cargo xtask codegen --check

step "clippy, warnings denied (generated code included)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "rustdoc, warnings denied"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

step "tests"
cargo test --workspace
