"""The Python half of the pydantic cross-check (driven by testing/models/tests/models/pydantic.rs).

Reads JSON lines {"schema": name, "json": text} written by the Rust models, and for each one parses the text with
the SDK's model (`Model.from_json`, which validates with pydantic 1.x) and writes it again (`to_json`). Writes one
JSON line per input: {"schema", "accepted", "error", "json", "writer"}. `writer` says how the text was written:
`to_json`, or `to_dict+isoformat` when `to_json` fails (the SDK's `json.dumps` cannot write a `datetime`).

Usage: cross_check.py INPUT.jsonl OUTPUT.jsonl
"""

import enum
import importlib
import json
import os
import re
import sys

import pieces_os_client


def model_modules():
    """Class name -> module name: the SDK's models/__init__.py is empty, so the classes are found by reading."""
    directory = os.path.join(os.path.dirname(pieces_os_client.__file__), "models")
    modules = {}
    for file_name in sorted(os.listdir(directory)):
        if not file_name.endswith(".py") or file_name == "__init__.py":
            continue
        with open(os.path.join(directory, file_name), encoding="utf-8") as source:
            for class_name in re.findall(r"^class (\w+)\(", source.read(), re.M):
                modules[class_name] = file_name[:-3]
    return modules


def iso_format(value):
    return value.isoformat()


def check(model_class, text):
    try:
        model = model_class.from_json(text)
    except Exception as error:  # noqa: BLE001 - every rejection is reported, whatever its type
        return {"accepted": False, "error": f"{type(error).__name__}: {error}".replace("\n", " | ")}
    if isinstance(model, enum.Enum):
        return {"accepted": True, "json": json.dumps(model.value), "writer": "enum value"}
    try:
        return {"accepted": True, "json": model.to_json(), "writer": "to_json"}
    except TypeError:
        return {"accepted": True, "json": json.dumps(model.to_dict(), default=iso_format), "writer": "to_dict+isoformat"}


def main():
    input_path, output_path = sys.argv[1], sys.argv[2]
    modules = model_modules()
    classes = {}
    with open(input_path, encoding="utf-8") as lines, open(output_path, "w", encoding="utf-8") as output:
        for line in lines:
            record = json.loads(line)
            name = record["schema"]
            if name not in classes:
                # Some SDK modules cannot be imported at all (4.2.0's tracked_user_profile needs pydantic 2 while
                # the SDK pins pydantic 1); such a schema is reported as not importable rather than ending the run.
                try:
                    module = importlib.import_module(f"pieces_os_client.models.{modules[name]}")
                    classes[name] = getattr(module, name)
                except (ImportError, KeyError, AttributeError) as error:
                    classes[name] = f"{type(error).__name__}: {error}"
            if isinstance(classes[name], str):
                result = {"schema": name, "accepted": False, "error": f"SDK model not importable: {classes[name]}"}
            else:
                result = {"schema": name, **check(classes[name], record["json"])}
            output.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
