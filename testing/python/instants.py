"""Date-times compared as the instants they name: the Python SDK and the Rust client spell the same instant
differently (`+00:00` and microseconds against `Z`), and that difference is kept on purpose."""

import datetime
import re

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def normalise_instants(value):
    """Replaces every RFC 3339 date-time string in a JSON value by the UTC instant it names."""
    if isinstance(value, dict):
        return {key: normalise_instants(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalise_instants(item) for item in value]
    if isinstance(value, str) and RFC3339.match(value):
        instant = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return instant.astimezone(datetime.timezone.utc).isoformat()
    return value
