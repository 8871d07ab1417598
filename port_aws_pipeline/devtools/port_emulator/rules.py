"""What the emulated Port API accepts: limits, settings, errors, and the validation of blueprints and entities."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field

MAX_BODY_BYTES = 1024 * 1024
MAX_BULK_UPSERT = 20
MAX_BULK_DELETE = 100
DEFAULT_SEARCH_LIMIT = 200
MAX_SEARCH_LIMIT = 1000
MAX_DATASOURCE_LIMIT = 10000
TOKEN_ROUTE = "POST /v1/auth/access_token"
RUNTIME_SETTINGS = {"token_ttl_seconds", "rate_limit", "rate_window_seconds", "fail_every_n"}

ENTITY_IDENTIFIER = re.compile(r"[A-Za-z0-9@_.+:/=-]+")
BLUEPRINT_IDENTIFIER = re.compile(r"[A-Za-z0-9@_=-]+")
PROPERTY_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "number": (int, float),
    "boolean": bool,
    "object": dict,
    "array": list,
}
#: String formats Port checks on write (patterns as ajv-formats has them); other formats pass.
STRING_FORMATS = {
    "date-time": re.compile(r"\d{4}-[01]\d-[0-3]\d[Tt ][0-2]\d:[0-5]\d:[0-6]\d(\.\d+)?([Zz]|[+-]\d\d(:?\d\d)?)"),
    "email": re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+"),
    "url": re.compile(r"(https?|ftp)://[^\s/$.?#][^\s]*", re.IGNORECASE),
}

Key = tuple[str, str]  # (blueprint, entity identifier)


class EmulatorSettings(BaseModel):
    """Credentials and behaviour; rate limiting and fault injection are off unless set."""

    model_config = ConfigDict(extra="forbid")

    client_id: str = "demo-client-id"
    client_secret: str = "demo-client-secret"
    token_ttl_seconds: float = Field(10800, gt=0)
    rate_limit: int | None = Field(
        None, gt=0, description="requests per window, across all clients, like Port's per-organization limit"
    )
    rate_window_seconds: float = Field(1.0, gt=0)
    fail_every_n: int | None = Field(
        None, gt=0, description="every n-th authenticated request answers 503 without acting"
    )


class ApiError(Exception):
    """A refusal in Port's shape, `{ok: false, error, message}`, with its HTTP status."""

    def __init__(self, status: int, error: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.error, self.message = status, error, message
        self.headers = headers or {}

    def body(self) -> dict:
        return {"ok": False, "error": self.error, "message": self.message}


@dataclass(frozen=True)
class WriteOptions:
    """The query flags of Port's entity writes; all default to false there too."""

    upsert: bool = False
    merge: bool = False
    create_missing_related: bool = False
    validation_only: bool = False


# --- validation: the one place that decides what a blueprint or an entity may contain ---------


def invalid(message: str) -> ApiError:
    return ApiError(422, "invalid_request", message)


def check_identifier(identifier: Any, pattern: re.Pattern, what: str) -> str:
    if not isinstance(identifier, str) or not pattern.fullmatch(identifier):
        raise invalid(f"{what} identifier {identifier!r} must match ^{pattern.pattern}$")
    return identifier


def _object_field(body: dict, name: str) -> dict:
    """`body[name]` as a dict; absent or null is empty, anything else but an object is refused."""
    value = body.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise invalid(f"{name} must be an object")
    return value


def checked_blueprint(body: dict, known_blueprints: Container[str]) -> dict:
    """A blueprint with Port's defaults filled in; relation targets must already exist (or be itself)."""
    identifier = check_identifier(body.get("identifier"), BLUEPRINT_IDENTIFIER, "blueprint")
    schema = _object_field(body, "schema")
    properties = _object_field(schema, "properties")
    for name, spec in properties.items():
        if not isinstance(spec, dict) or not _is_one_of(spec.get("type"), PROPERTY_TYPES):
            raise invalid(f'property "{name}" needs a type, one of {", ".join(PROPERTY_TYPES)}')
        if not isinstance(spec.get("format", ""), str):
            raise invalid(f'property "{name}" has a format that is not a string')
    required = schema.get("required") or []
    if not isinstance(required, list) or not all(_is_one_of(name, properties) for name in required):
        raise invalid("schema.required must list properties of the schema")
    relations = {}
    for name, relation in _object_field(body, "relations").items():
        target = relation.get("target") if isinstance(relation, dict) else None
        if target != identifier and not _is_one_of(target, known_blueprints):
            raise invalid(f'relation "{name}" targets blueprint "{target}", which does not exist')
        relations[name] = {"title": name, "many": False, "required": False, **relation}
    return {
        "title": identifier,
        **body,
        "identifier": identifier,
        "schema": {**schema, "properties": properties, "required": required},
        "relations": relations,
    }


def _is_one_of(value: Any, names: Container[str]) -> bool:
    """Membership for a name taken from a request, where a list or object must not reach a dict lookup."""
    return isinstance(value, str) and value in names


def merged_blueprint(blueprint: dict, changes: dict) -> dict:
    """PATCH: top-level fields replace, properties and relations merge by name, `required` replaces if given."""
    schema = _object_field(changes, "schema")
    return {
        **blueprint,
        **{key: value for key, value in changes.items() if key not in ("schema", "relations")},
        "schema": {
            **blueprint["schema"],
            **schema,
            "properties": {**blueprint["schema"]["properties"], **_object_field(schema, "properties")},
        },
        "relations": {**blueprint["relations"], **_object_field(changes, "relations")},
    }


def checked_entity(blueprint: dict, body: dict, base: dict | None) -> dict:
    """The entity to store for a write of `body`, merged over `base` (merge=true) or standing alone.
    Checks against the schema only; whether related entities exist is the catalog's business."""
    properties = _object_field(body, "properties")
    relations = _object_field(body, "relations")
    for name, value in properties.items():
        _check_property(blueprint, name, value)
    for name, value in relations.items():
        _check_relation(blueprint, name, value)
    base = base or {"properties": {}, "relations": {}}
    entity = {
        "identifier": body["identifier"],
        "blueprint": blueprint["identifier"],
        "title": _optional_string(body, "title", base),
        "icon": _optional_string(body, "icon", base),
        "team": _team(body["team"]) if "team" in body else base.get("team", []),
        "properties": {**base["properties"], **properties},
        "relations": {**base["relations"], **relations},
    }
    missing = [name for name in blueprint["schema"]["required"] if entity["properties"].get(name) is None]
    missing += [
        name for name, spec in blueprint["relations"].items() if spec["required"] and not entity["relations"].get(name)
    ]
    if missing:
        raise ApiError(422, "missing_required", f'blueprint "{blueprint["identifier"]}" requires {", ".join(missing)}')
    return entity


def _check_property(blueprint: dict, name: str, value: Any) -> None:
    spec = blueprint["schema"]["properties"].get(name)
    if spec is None:
        raise ApiError(422, "not_found", f'property "{name}" was not found in blueprint "{blueprint["identifier"]}"')
    if not _has_type(value, spec["type"]):
        raise invalid(f'property "{name}" must be of type {spec["type"]}, got {_json_type(value)}')
    pattern = STRING_FORMATS.get(spec.get("format"))
    if isinstance(value, str) and pattern and not pattern.fullmatch(value):
        raise invalid(f'property "{name}" must match format "{spec["format"]}", got {value!r}')


def _check_relation(blueprint: dict, name: str, value: Any) -> None:
    spec = blueprint["relations"].get(name)
    if spec is None:
        raise ApiError(422, "not_found", f'relation "{name}" was not found in blueprint "{blueprint["identifier"]}"')
    if spec["many"]:
        valid = value is None or (isinstance(value, list) and all(map(_is_entity_identifier, value)))
    else:
        valid = value is None or _is_entity_identifier(value)
    if not valid:
        shape = "a list of entity identifiers" if spec["many"] else "one entity identifier"
        raise invalid(f'relation "{name}" takes {shape} or null, got {value!r}')


def _is_entity_identifier(value: Any) -> bool:
    return isinstance(value, str) and ENTITY_IDENTIFIER.fullmatch(value) is not None


def _has_type(value: Any, type_name: str) -> bool:
    """JSON Schema typing: null is always allowed, and a boolean is not a number."""
    if value is None:
        return True
    if isinstance(value, bool):
        return type_name == "boolean"
    return isinstance(value, PROPERTY_TYPES[type_name])


def _json_type(value: Any) -> str:
    return next(name for name in PROPERTY_TYPES if _has_type(value, name)) if value is not None else "null"


def _optional_string(body: dict, name: str, base: dict) -> str | None:
    value = body[name] if name in body else base.get(name)
    if value is not None and not isinstance(value, str):
        raise invalid(f"{name} must be a string or null")
    return value


def _team(value: Any) -> list[str]:
    """Port takes one team or a list and always answers with a list."""
    teams = [] if value is None else [value] if isinstance(value, str) else value
    if not isinstance(teams, list) or not all(isinstance(t, str) for t in teams):
        raise invalid("team must be a team name, a list of them, or null")
    return teams


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]
