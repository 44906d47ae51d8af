#!/usr/bin/env bash
# A slow sweep, outside CI: GitHub's REST description (13 MB, 1,223 operations, 4,900 models) through codegen,
# then `cargo clippy -D warnings` on the crate it makes. The description comes from the npm package
# @octokit/openapi, which carries github/rest-api-description's api.github.com.json (too big to vendor here).
# Prints the time and peak memory of each step; exits non-zero if either fails.
set -euo pipefail
cd "$(dirname "$0")/.."
version=23.0.2
work="$PWD/target/github-corpus"
mkdir -p "$work"
if [[ ! -f "$work/api.github.com.json" ]]; then
    (cd "$work" && npm pack "@octokit/openapi@$version" --silent >/dev/null \
        && tar xzf "octokit-openapi-$version.tgz" package/generated/api.github.com.json \
        && mv package/generated/api.github.com.json . && rm -rf package "octokit-openapi-$version.tgz")
fi
cargo build --quiet --release --package xtask
# The spec's warnings (names that collide after snake_case, repairs) go to a file; the count is printed.
if ! /usr/bin/time -f "codegen: %e s wall, %M KB peak" -o "$work/codegen-time.txt" target/release/xtask codegen \
        --spec "$work/api.github.com.json" --out "$work/crate" --crate-name github-client --no-verify \
        2>"$work/codegen-warnings.txt"; then
    cat "$work/codegen-warnings.txt" >&2
    exit 1
fi
cat "$work/codegen-time.txt"
echo "codegen warnings: $(grep -c '^warning' "$work/codegen-warnings.txt") (in $work/codegen-warnings.txt)"
cd "$work/crate"
CARGO_INCREMENTAL=0 /usr/bin/time -f "clippy: %e s wall, %M KB peak" cargo clippy --quiet -- -D warnings
echo "github corpus: 1 passed, 0 failed"
