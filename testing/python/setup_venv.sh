#!/usr/bin/env bash
# Creates (if missing) the Python venv used by the wire tests and installs
# requirements.txt into it. Idempotent: a stamp file inside the venv holds the
# hash of the requirements it was installed from, so a second run with the same
# requirements only compares two hashes and returns within a second.
#
# Usage: setup_venv.sh VENV_DIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 VENV_DIR" >&2
    exit 2
fi

venv_directory="$1"
script_directory="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements_file="$script_directory/requirements.txt"
stamp_file="$venv_directory/.wire-test-requirements.sha256"
python_for_venv="${PYTHON:-python3}"

fail() {
    echo "setup_venv.sh: error: $*" >&2
    exit 1
}

[[ -f "$requirements_file" ]] || fail "requirements file not found: $requirements_file"
command -v "$python_for_venv" >/dev/null 2>&1 \
    || fail "'$python_for_venv' not found on PATH (set PYTHON=/path/to/python3.11)"

# The stamp includes the interpreter version: a venv made by another Python
# must not count as installed.
requirements_hash="$( { cat "$requirements_file"; "$python_for_venv" --version 2>&1; } | sha256sum | cut -d' ' -f1)"

if [[ -x "$venv_directory/bin/python" && -f "$stamp_file" ]] \
    && [[ "$(cat "$stamp_file")" == "$requirements_hash" ]]; then
    exit 0
fi

if [[ ! -x "$venv_directory/bin/python" ]]; then
    "$python_for_venv" -m venv "$venv_directory" \
        || fail "could not create a venv in $venv_directory with $python_for_venv -m venv"
fi

# Remove a stale stamp first, so an interrupted install is retried next time.
rm -f "$stamp_file"

if ! "$venv_directory/bin/python" -m pip install --quiet --disable-pip-version-check \
        --requirement "$requirements_file"; then
    fail "pip install of $requirements_file into $venv_directory failed (see pip's output above)"
fi

echo "$requirements_hash" > "$stamp_file"
