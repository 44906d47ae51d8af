"""Builds example instances of OpenAPI 3.0 schemas, shared by the validating server and make_plan.py.

The spec is used as a plain dict (as loaded from YAML) and `$ref`s are followed one at a
time while building, so the recursive schemas of the Pieces spec never need to be
dereferenced as a whole.

Two uses:
  * response bodies of the validating server: required and optional properties, with
    optional properties left out below `optional_property_depth` nested objects;
  * request bodies of the wire-test plan: required properties only.

Termination: required properties are always built, so a cycle of required properties
would recurse forever. Below `optional_property_depth` the builder therefore breaks
cycles wherever the schema allows it: arrays become empty, maps get no entry and
nullable values become null. A cycle that allows none of these has no finite instance
at all; the builder then raises InstanceGenerationError naming the `$ref` chain.
"""

import re

try:
    # Python 3.11 moved the regex parser; the old name still works but warns.
    import re._parser as regex_parser
    import re._constants as regex_constants
except ImportError:  # pragma: no cover - older Pythons
    import sre_parse as regex_parser
    import sre_constants as regex_constants


# Fixed values, so that every run (and every client) sees the same bytes.
DATE_TIME_EXAMPLE = "2024-01-02T03:04:05.000Z"
DATE_EXAMPLE = "2024-01-02"
UUID_EXAMPLE = "00000000-0000-4000-8000-000000000000"
STRING_EXAMPLE = "string"
INTEGER_EXAMPLE = 1
NUMBER_EXAMPLE = 1.5
MAP_KEY_EXAMPLE = "key"

# Past this many nested values the schema has a cycle of required properties that
# nothing can break: stop with an error instead of a RecursionError.
HARD_DEPTH_LIMIT = 40


class InstanceGenerationError(Exception):
    """The schema admits no instance the builder can make (e.g. an unbreakable required cycle)."""


class SchemaInstanceBuilder:
    """Makes one deterministic instance of a schema of an OpenAPI 3.0 document."""

    def __init__(self, spec_document, optional_property_depth=3):
        self.spec_document = spec_document
        self.optional_property_depth = optional_property_depth

    # ----- public entry points -------------------------------------------------------

    def build_full_instance(self, schema):
        """Required and optional properties (optional ones down to the depth limit)."""
        return self._build(schema, depth=0, include_optional=True, reference_chain=())

    def build_required_only_instance(self, schema):
        """Required properties only, at every level."""
        return self._build(schema, depth=0, include_optional=False, reference_chain=())

    def resolve(self, schema):
        """Follows `$ref`s until a schema without one; returns (schema, last reference name or None)."""
        reference_name = None
        seen_references = set()
        while isinstance(schema, dict) and "$ref" in schema:
            reference = schema["$ref"]
            if reference in seen_references:
                raise InstanceGenerationError(f"$ref loop without a schema in between: {reference}")
            seen_references.add(reference)
            schema = resolve_json_pointer(self.spec_document, reference)
            reference_name = reference.rsplit("/", 1)[-1]
        return schema, reference_name

    # ----- the builder ---------------------------------------------------------------

    def _build(self, schema, depth, include_optional, reference_chain):
        if schema is None or schema is True or schema == {}:
            # "Any value": a string is the least surprising choice for every client.
            return STRING_EXAMPLE
        schema, reference_name = self.resolve(schema)
        if reference_name is not None:
            reference_chain = reference_chain + (reference_name,)
        if depth > HARD_DEPTH_LIMIT:
            raise InstanceGenerationError(
                "required properties form a cycle that no array, map or nullable breaks: "
                + " -> ".join(reference_chain[-12:])
            )
        below_depth_limit = depth >= self.optional_property_depth

        if "enum" in schema and schema["enum"]:
            return schema["enum"][0]
        if below_depth_limit and schema.get("nullable") and _schema_can_recurse(schema):
            return None
        if "allOf" in schema:
            merged_instance = {}
            for part in schema["allOf"]:
                part_instance = self._build(part, depth, include_optional, reference_chain)
                if isinstance(part_instance, dict):
                    merged_instance.update(part_instance)
                else:
                    return part_instance
            return merged_instance
        for alternatives_keyword in ("oneOf", "anyOf"):
            if schema.get(alternatives_keyword):
                return self._build(
                    schema[alternatives_keyword][0], depth, include_optional, reference_chain
                )

        schema_type = schema.get("type")
        if schema_type is None and ("properties" in schema or "additionalProperties" in schema):
            schema_type = "object"

        if schema_type == "object":
            return self._build_object(schema, depth, include_optional, reference_chain)
        if schema_type == "array":
            minimum_items = schema.get("minItems", 0)
            if below_depth_limit and minimum_items == 0:
                return []
            item_count = max(1, minimum_items)
            return [
                self._build(schema.get("items"), depth + 1, include_optional, reference_chain)
                for _ in range(item_count)
            ]
        if schema_type == "string":
            return build_string(schema)
        if schema_type == "integer":
            return _number_within_bounds(schema, INTEGER_EXAMPLE, is_integer=True)
        if schema_type == "number":
            return _number_within_bounds(schema, NUMBER_EXAMPLE, is_integer=False)
        if schema_type == "boolean":
            return True
        # No type at all: any value is allowed.
        return STRING_EXAMPLE

    def _build_object(self, schema, depth, include_optional, reference_chain):
        below_depth_limit = depth >= self.optional_property_depth
        required_names = set(schema.get("required", []))
        instance = {}
        for property_name, property_schema in (schema.get("properties") or {}).items():
            is_required = property_name in required_names
            if not is_required and (not include_optional or below_depth_limit):
                continue
            resolved_property_schema, _ = self.resolve(property_schema)
            # Reading a readOnly property back is fine, but a request must not send it; a
            # response must not contain writeOnly ones. The Pieces spec has neither today.
            if not is_required and (
                resolved_property_schema.get("readOnly") or resolved_property_schema.get("writeOnly")
            ):
                continue
            instance[property_name] = self._build(
                property_schema, depth + 1, include_optional, reference_chain
            )
        additional_properties = schema.get("additionalProperties")
        if isinstance(additional_properties, dict) and not below_depth_limit:
            # Maps get exactly one entry, so clients have to decode a non-empty map.
            if not schema.get("properties"):
                instance[MAP_KEY_EXAMPLE] = self._build(
                    additional_properties, depth + 1, include_optional, reference_chain
                )
        return instance


def _schema_can_recurse(schema):
    """True for schemas whose instance contains further schemas (where a cycle can hide)."""
    return schema.get("type") in ("object", "array") or any(
        keyword in schema for keyword in ("properties", "items", "allOf", "oneOf", "anyOf")
    )


def _number_within_bounds(schema, preferred_value, is_integer):
    value = preferred_value
    minimum = schema.get("minimum")
    maximum = schema.get("maximum")
    if minimum is not None and value < minimum:
        value = minimum + (1 if schema.get("exclusiveMinimum") else 0)
    if maximum is not None and value > maximum:
        value = maximum - (1 if schema.get("exclusiveMaximum") else 0)
    return int(value) if is_integer else value


def build_string(schema):
    """A string that satisfies format, pattern, minLength and maxLength of a string schema."""
    string_format = schema.get("format")
    if string_format == "date-time":
        value = DATE_TIME_EXAMPLE
    elif string_format == "date":
        value = DATE_EXAMPLE
    elif string_format == "uuid":
        value = UUID_EXAMPLE
    elif string_format == "byte":
        value = "c3RyaW5n"  # base64 of "string"
    elif "pattern" in schema:
        value = string_matching_pattern(schema["pattern"])
    else:
        value = STRING_EXAMPLE
    minimum_length = schema.get("minLength", 0)
    maximum_length = schema.get("maxLength")
    if len(value) < minimum_length:
        padded_value = value + "x" * (minimum_length - len(value))
        # Padding can break an anchored pattern; then keep the shorter value and let the
        # self-test report the schema.
        if "pattern" not in schema or re.search(schema["pattern"], padded_value):
            value = padded_value
    if maximum_length is not None and len(value) > maximum_length:
        value = value[:maximum_length]
    return value


def string_matching_pattern(pattern):
    """A short string that `re.search(pattern, ...)` accepts, made by walking the parsed regex."""
    parsed_pattern = regex_parser.parse(pattern)
    value = "".join(_characters_for_regex_items(parsed_pattern))
    if re.search(pattern, value) is None:
        raise InstanceGenerationError(f"cannot make a string for the pattern {pattern!r}")
    return value


def _characters_for_regex_items(regex_items):
    for opcode, argument in regex_items:
        yield from _characters_for_regex_item(opcode, argument)


def _characters_for_regex_item(opcode, argument):
    constants = regex_constants
    if opcode == constants.LITERAL:
        yield chr(argument)
    elif opcode == constants.ANY:
        yield "a"
    elif opcode == constants.IN:
        yield _character_for_class(argument)
    elif opcode in (constants.MAX_REPEAT, constants.MIN_REPEAT, getattr(constants, "POSSESSIVE_REPEAT", None)):
        minimum_count, _maximum_count, repeated_items = argument
        for _ in range(minimum_count):
            yield from _characters_for_regex_items(repeated_items)
    elif opcode == constants.SUBPATTERN:
        yield from _characters_for_regex_items(argument[-1])
    elif opcode == constants.BRANCH:
        yield from _characters_for_regex_items(argument[1][0])
    elif opcode == constants.CATEGORY:
        yield _character_for_category(argument)
    # AT (anchors), ASSERT and the like add no characters.


def _character_for_class(class_items):
    negated = any(opcode == regex_constants.NEGATE for opcode, _ in class_items)
    if negated:
        excluded = set()
        for opcode, argument in class_items:
            if opcode == regex_constants.LITERAL:
                excluded.add(chr(argument))
        return next(character for character in "ax0_" if character not in excluded)
    for opcode, argument in class_items:
        if opcode == regex_constants.LITERAL:
            return chr(argument)
        if opcode == regex_constants.RANGE:
            return chr(argument[0])
        if opcode == regex_constants.CATEGORY:
            return _character_for_category(argument)
    return "a"


def _character_for_category(category):
    name = str(category)
    if "DIGIT" in name and "NOT" not in name:
        return "0"
    if "SPACE" in name and "NOT" not in name:
        return " "
    return "a"


def resolve_json_pointer(document, reference):
    """Looks up a local `#/a/b` reference; remote references are not used by this spec."""
    if not reference.startswith("#/"):
        raise InstanceGenerationError(f"only local $refs are supported, got {reference!r}")
    node = document
    for encoded_part in reference[2:].split("/"):
        part = encoded_part.replace("~1", "/").replace("~0", "~")
        try:
            node = node[part]
        except (KeyError, TypeError):
            raise InstanceGenerationError(f"$ref target not found: {reference}") from None
    return node
