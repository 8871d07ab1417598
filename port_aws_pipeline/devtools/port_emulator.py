"""A local, in-memory stand-in for the Port REST API (port.io).

Integration tests and the demo talk to it over real HTTP, so it answers the routes this
project uses with Port's status codes and body shapes: expiring bearer tokens, the 1 MiB
body limit, entity writes checked against blueprint schemas, bulk upserts that answer 207
with per-entity errors, cursor-paginated search, required relations that block deletes,
and, when asked, 429 rate limiting and injected 503s. The `/_emulator/*` routes (no auth)
let tests and the demo look inside, reset it and change its behaviour at runtime.
"""

from __future__ import annotations

import base64
import math
import re
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable
from collections.abc import Container
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from typing import Any

from flask import Flask
from flask import g
from flask import jsonify
from flask import request
from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.serving import WSGIRequestHandler
from werkzeug.serving import make_server

__all__ = ["EmulatorServer", "EmulatorSettings", "create_app", "serve_forever"]

MAX_BODY_BYTES = 1024 * 1024
MAX_BULK_UPSERT = 20
MAX_BULK_DELETE = 100
DEFAULT_SEARCH_LIMIT = 200
MAX_SEARCH_LIMIT = 1000
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
#: Search rule `property` names that address an entity's own fields rather than its properties.
META_FIELDS = {
    f"${name}": name for name in ("identifier", "title", "blueprint", "team", "icon", "createdAt", "updatedAt")
}
#: Search operators, each true when the stored value (or, for a list, any item of it) matches.
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda actual, expected: actual == expected,
    "in": lambda actual, expected: actual in expected,
    "contains": lambda actual, expected: _both_strings(actual, expected) and expected in actual,
    "beginsWith": lambda actual, expected: _both_strings(actual, expected) and actual.startswith(expected),
    "endsWith": lambda actual, expected: _both_strings(actual, expected) and actual.endswith(expected),
}
NEGATED_OPERATORS = {
    "!=": "=",
    "notIn": "in",
    "doesNotContains": "contains",
    "doesNotBeginsWith": "beginsWith",
    "doesNotEndsWith": "endsWith",
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


# --- validation: the one place that decides what a blueprint or an entity may contain ---------


def _invalid(message: str) -> ApiError:
    return ApiError(422, "invalid_request", message)


def _check_identifier(identifier: Any, pattern: re.Pattern, what: str) -> str:
    if not isinstance(identifier, str) or not pattern.fullmatch(identifier):
        raise _invalid(f"{what} identifier {identifier!r} must match ^{pattern.pattern}$")
    return identifier


def _object_field(body: dict, name: str) -> dict:
    """`body[name]` as a dict; absent or null is empty, anything else but an object is refused."""
    value = body.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _invalid(f"{name} must be an object")
    return value


def _checked_blueprint(body: dict, known_blueprints: Container[str]) -> dict:
    """A blueprint with Port's defaults filled in; relation targets must already exist (or be itself)."""
    identifier = _check_identifier(body.get("identifier"), BLUEPRINT_IDENTIFIER, "blueprint")
    schema = _object_field(body, "schema")
    properties = _object_field(schema, "properties")
    for name, spec in properties.items():
        if not isinstance(spec, dict) or not _is_one_of(spec.get("type"), PROPERTY_TYPES):
            raise _invalid(f'property "{name}" needs a type, one of {", ".join(PROPERTY_TYPES)}')
        if not isinstance(spec.get("format", ""), str):
            raise _invalid(f'property "{name}" has a format that is not a string')
    required = schema.get("required") or []
    if not isinstance(required, list) or not all(_is_one_of(name, properties) for name in required):
        raise _invalid("schema.required must list properties of the schema")
    relations = {}
    for name, relation in _object_field(body, "relations").items():
        target = relation.get("target") if isinstance(relation, dict) else None
        if target != identifier and not _is_one_of(target, known_blueprints):
            raise _invalid(f'relation "{name}" targets blueprint "{target}", which does not exist')
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


def _merged_blueprint(blueprint: dict, changes: dict) -> dict:
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


def _checked_entity(blueprint: dict, body: dict, base: dict | None) -> dict:
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
        raise _invalid(f'property "{name}" must be of type {spec["type"]}, got {_json_type(value)}')
    pattern = STRING_FORMATS.get(spec.get("format"))
    if isinstance(value, str) and pattern and not pattern.fullmatch(value):
        raise _invalid(f'property "{name}" must match format "{spec["format"]}", got {value!r}')


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
        raise _invalid(f'relation "{name}" takes {shape} or null, got {value!r}')


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
        raise _invalid(f"{name} must be a string or null")
    return value


def _team(value: Any) -> list[str]:
    """Port takes one team or a list and always answers with a list."""
    teams = [] if value is None else [value] if isinstance(value, str) else value
    if not isinstance(teams, list) or not all(isinstance(t, str) for t in teams):
        raise _invalid("team must be a team name, a list of them, or null")
    return teams


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


# --- search: the one place that decides whether an entity matches a query -------------------


def _compile_query(query: Any) -> Callable[[dict], bool]:
    """A predicate over rendered entities for `{combinator, rules}`; malformed queries are
    refused up front, so a bad rule fails even when nothing would be compared against it."""
    if (
        not isinstance(query, dict)
        or query.get("combinator") not in ("and", "or")
        or not isinstance(query.get("rules"), list)
    ):
        raise _invalid('a query is {"combinator": "and" | "or", "rules": [...]}')
    checks = [
        _compile_query(rule) if isinstance(rule, dict) and "combinator" in rule else _compile_rule(rule)
        for rule in query["rules"]
    ]
    join = all if query["combinator"] == "and" else any
    return lambda entity: not checks or join(check(entity) for check in checks)


def _compile_rule(rule: Any) -> Callable[[dict], bool]:
    if not isinstance(rule, dict):
        raise _invalid("each rule must be an object")
    read = _rule_field(rule)
    operator, expected = rule.get("operator"), rule.get("value")
    if operator in ("isEmpty", "isNotEmpty"):
        return lambda entity: _is_empty(read(entity)) == (operator == "isEmpty")
    positive = NEGATED_OPERATORS.get(operator, operator) if isinstance(operator, str) else None
    test = OPERATORS.get(positive)
    if test is None:
        raise _invalid(f"unknown operator {operator!r}")
    if positive == "in" and not isinstance(expected, list):
        raise _invalid(f'operator "{operator}" takes a list value')
    negate = operator in NEGATED_OPERATORS

    def matches(entity: dict) -> bool:
        actual = read(entity)
        hit = test(actual, expected) or (isinstance(actual, list) and any(test(item, expected) for item in actual))
        return hit != negate

    return matches


def _rule_field(rule: dict) -> Callable[[dict], Any]:
    """Reads what a rule compares: a relation, an entity field such as `$identifier`, or a property."""
    if isinstance(rule.get("relation"), str):
        relation = rule["relation"]
        return lambda entity: entity["relations"].get(relation)
    name = rule.get("property")
    if not isinstance(name, str):
        raise _invalid("a rule needs a property or a relation")
    if name in META_FIELDS:
        return lambda entity: entity.get(META_FIELDS[name])
    return lambda entity: entity["properties"].get(name)


def _is_empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


def _both_strings(actual: Any, expected: Any) -> bool:
    return isinstance(actual, str) and isinstance(expected, str)


def _project(entity: dict, include: list[str], exclude: list[str]) -> dict:
    """Search `include`/`exclude`: "$identifier" or "identifier" names a top-level field,
    "properties.region" or "relations.account" one inside."""
    if include:
        kept: dict = {}
        for top, inner in map(_field_path, include):
            if inner is None and top in entity:
                kept[top] = entity[top]
            elif isinstance(entity.get(top), dict) and inner in entity[top]:
                kept.setdefault(top, {})[inner] = entity[top][inner]
        entity = kept
    for top, inner in map(_field_path, exclude):
        if inner is None:
            entity.pop(top, None)
        elif isinstance(entity.get(top), dict):
            entity[top] = {key: value for key, value in entity[top].items() if key != inner}
    return entity


def _field_path(name: str) -> tuple[str, str | None]:
    top, _, inner = name.removeprefix("$").partition(".")
    return top, inner or None


def _encode_cursor(identifier: str) -> str:
    return base64.urlsafe_b64encode(identifier.encode()).decode()


def _decode_cursor(cursor: Any) -> str | None:
    """The identifier a page ended at: ordering by identifier makes pages stable under writes."""
    if cursor is None:
        return None
    try:
        return base64.urlsafe_b64decode(cursor.encode()).decode()
    except (AttributeError, ValueError):
        raise _invalid("from must be a cursor a previous search answered with") from None


# --- state ------------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _stamped(record: dict, previous: dict | None, actor: str) -> dict:
    """Port's audit fields: creation carried over from `previous`, update set now."""
    now = _now()
    created = (
        {"createdAt": previous["createdAt"], "createdBy": previous["createdBy"]}
        if previous
        else {"createdAt": now, "createdBy": actor}
    )
    return {**record, **created, "updatedAt": now, "updatedBy": actor}


def _without(value: Any, target_blueprint: str, deleted: set[Key]) -> Any:
    if isinstance(value, list):
        return [identifier for identifier in value if (target_blueprint, identifier) not in deleted]
    return None if (target_blueprint, value) in deleted else value


def _relation_targets(blueprint: dict, relations: dict) -> Iterator[tuple[dict, str]]:
    """(relation spec, target identifier) for every entity `relations` point at."""
    for name, spec in blueprint["relations"].items():
        for target in _as_list(relations.get(name)):
            yield spec, target


class Catalog:
    """Blueprints and their entities. Not thread-safe by itself: `Emulator.lock` guards every use."""

    def __init__(self, actor: str):
        self.actor = actor
        self.blueprints: dict[str, dict] = {}
        self.entities: dict[str, dict[str, dict]] = {}  # blueprint -> identifier -> entity as stored

    # blueprints

    def blueprint(self, identifier: str) -> dict:
        if identifier not in self.blueprints:
            raise ApiError(404, "not_found", f'blueprint "{identifier}" was not found')
        return self.blueprints[identifier]

    def list_blueprints(self) -> list[dict]:
        return [self.blueprints[identifier] for identifier in sorted(self.blueprints)]

    def create_blueprint(self, body: dict) -> dict:
        blueprint = _checked_blueprint(body, self.blueprints)
        if blueprint["identifier"] in self.blueprints:
            raise ApiError(409, "identifier_taken", f'blueprint "{blueprint["identifier"]}" already exists')
        self.entities[blueprint["identifier"]] = {}
        return self._save_blueprint(blueprint, previous=None)

    def replace_blueprint(self, identifier: str, body: dict) -> dict:
        previous = self.blueprint(identifier)
        return self._save_blueprint(_checked_blueprint({**body, "identifier": identifier}, self.blueprints), previous)

    def patch_blueprint(self, identifier: str, changes: dict) -> dict:
        previous = self.blueprint(identifier)
        merged = {**_merged_blueprint(previous, changes), "identifier": identifier}
        return self._save_blueprint(_checked_blueprint(merged, self.blueprints), previous)

    def delete_blueprint(self, identifier: str) -> None:
        """Refused while entities or other blueprints' relations would be left pointing at nothing."""
        self.blueprint(identifier)
        if self.entities[identifier]:
            raise ApiError(
                409, "has_entities", f'blueprint "{identifier}" still has {len(self.entities[identifier])} entities'
            )
        related = sorted(
            b["identifier"]
            for b in self.blueprints.values()
            if b["identifier"] != identifier and any(r["target"] == identifier for r in b["relations"].values())
        )
        if related:
            raise ApiError(422, "has_dependents", f'blueprints {", ".join(related)} have relations to "{identifier}"')
        del self.blueprints[identifier], self.entities[identifier]

    def _save_blueprint(self, blueprint: dict, previous: dict | None) -> dict:
        self.blueprints[blueprint["identifier"]] = _stamped(blueprint, previous, self.actor)
        return self.blueprints[blueprint["identifier"]]

    # entities

    def entity(self, blueprint_id: str, identifier: str) -> dict:
        self.blueprint(blueprint_id)
        stored = self.entities[blueprint_id].get(identifier)
        if stored is None:
            raise ApiError(404, "not_found", f'entity "{identifier}" of blueprint "{blueprint_id}" was not found')
        return self.render(stored)

    def render(self, entity: dict) -> dict:
        """As Port answers: every property and relation of the blueprint, unset ones null (or [])."""
        blueprint = self.blueprints[entity["blueprint"]]
        return {
            **entity,
            "properties": {name: entity["properties"].get(name) for name in blueprint["schema"]["properties"]},
            "relations": {
                name: _as_list(entity["relations"].get(name)) if spec["many"] else entity["relations"].get(name)
                for name, spec in blueprint["relations"].items()
            },
        }

    def upsert(self, blueprint_id: str, body: Any, options: WriteOptions) -> tuple[dict, bool]:
        """Everything is checked before anything is written, so a refused entity leaves no trace,
        not even a related stub. Returns the entity as stored and whether it was created."""
        blueprint = self.blueprint(blueprint_id)
        stored = self.entities[blueprint_id]
        if not isinstance(body, dict):
            raise _invalid("an entity must be a JSON object")
        identifier = _check_identifier(body.get("identifier"), ENTITY_IDENTIFIER, "entity")
        previous = stored.get(identifier)
        if previous is not None and not options.upsert:
            raise ApiError(
                409,
                "identifier_taken",
                f'entity "{identifier}" already exists in blueprint "{blueprint_id}"; pass upsert=true to update it',
            )
        entity = _checked_entity(blueprint, body, previous if options.merge else None)
        missing = list(
            dict.fromkeys(
                (spec["target"], target)
                for spec, target in _relation_targets(blueprint, entity["relations"])
                if target not in self.entities[spec["target"]]
                and (spec["target"], target) != (blueprint_id, identifier)
            )
        )
        if missing and not options.create_missing_related:
            target_blueprint, target = missing[0]
            raise ApiError(
                422,
                "entity_not_found",
                f'related entity "{target}" of blueprint "{target_blueprint}" was not found; '
                "create it first or pass create_missing_related_entities=true",
            )
        for target_blueprint, target in missing:
            blank = {
                "identifier": target,
                "blueprint": target_blueprint,
                "title": None,
                "icon": None,
                "team": [],
                "properties": {},
                "relations": {},
            }
            self.entities[target_blueprint][target] = _stamped(blank, None, self.actor)
        stored[identifier] = _stamped(entity, previous, self.actor)
        return self.render(stored[identifier]), previous is None

    def bulk_upsert(self, blueprint_id: str, bodies: list, options: WriteOptions) -> tuple[list[dict], list[dict]]:
        """Each entity stands alone: the good ones are written, the others reported by index."""
        self.blueprint(blueprint_id)
        written, errors = [], []
        for index, body in enumerate(bodies):
            try:
                entity, created = self.upsert(blueprint_id, body, options)
                written.append({"created": created, "identifier": entity["identifier"], "index": index})
            except ApiError as exc:
                identifier = body.get("identifier") if isinstance(body, dict) else None
                errors.append(
                    {
                        "identifier": identifier,
                        "index": index,
                        "statusCode": exc.status,
                        "error": exc.error,
                        "message": exc.message,
                    }
                )
        return written, errors

    def search(self, blueprint_id: str | None, predicate: Callable[[dict], bool] = lambda entity: True) -> list[dict]:
        """Rendered entities matching `predicate`, in a stable order: blueprint, then identifier."""
        if blueprint_id:
            self.blueprint(blueprint_id)
        blueprint_ids = [blueprint_id] if blueprint_id else sorted(self.entities)
        rendered = (self.render(self.entities[bp][i]) for bp in blueprint_ids for i in sorted(self.entities[bp]))
        return [entity for entity in rendered if predicate(entity)]

    def delete(self, blueprint_id: str, identifiers: list[str], delete_dependents: bool) -> list[str]:
        """All or nothing. An entity outside the set that points here through a required relation
        blocks the call, unless `delete_dependents`, which deletes those too; optional relations
        to what is deleted are emptied. Returns the identifiers that existed and are gone."""
        self.blueprint(blueprint_id)
        stored = self.entities[blueprint_id]
        present = [identifier for identifier in dict.fromkeys(identifiers) if identifier in stored]
        doomed = {(blueprint_id, identifier) for identifier in present}
        dependents = self._required_dependents(doomed)
        if dependents and not delete_dependents:
            shown = ", ".join(f"{bp}/{identifier}" for bp, identifier in sorted(dependents)[:5])
            raise ApiError(
                422,
                "has_dependents",
                f"{len(dependents)} entities have required relations to what would be deleted "
                f"({shown}); delete them first or pass delete_dependents=true",
            )
        doomed |= dependents
        for bp, identifier in doomed:
            del self.entities[bp][identifier]
        self._clear_relations_to(doomed)
        return present

    def _links(self) -> Iterator[tuple[Key, Key, bool]]:
        """(source, target, required) for every relation value stored."""
        for bp, entities in self.entities.items():
            blueprint = self.blueprints[bp]
            for identifier, entity in entities.items():
                for spec, target in _relation_targets(blueprint, entity["relations"]):
                    yield (bp, identifier), (spec["target"], target), spec["required"]

    def _required_dependents(self, doomed: set[Key]) -> set[Key]:
        """Entities outside `doomed` that reach it through required relations, transitively."""
        found: set[Key] = set()
        frontier = doomed
        while frontier:
            frontier = (
                {source for source, target, required in self._links() if required and target in frontier}
                - doomed
                - found
            )
            found |= frontier
        return found

    def _clear_relations_to(self, deleted: set[Key]) -> None:
        for bp, entities in self.entities.items():
            specs = self.blueprints[bp]["relations"]
            for identifier, entity in entities.items():
                kept = {
                    name: _without(value, specs[name]["target"], deleted) if name in specs else value
                    for name, value in entity["relations"].items()
                }
                if kept != entity["relations"]:
                    entities[identifier] = {**entity, "relations": kept}


@dataclass
class RateWindow:
    """A fixed-window request counter, the shape of Port's per-organization limit."""

    started: float = 0.0
    count: int = 0

    def hit(self, limit: int, period: float) -> tuple[bool, dict[str, str]]:
        """Counts one request; returns whether it is within the limit and the x-ratelimit-* headers."""
        now = time.monotonic()
        if now - self.started >= period:
            self.started, self.count = now, 0
        self.count += 1
        reset = max(1, math.ceil(self.started + period - now))
        return self.count <= limit, {
            "x-ratelimit-limit": str(limit),
            "x-ratelimit-remaining": str(max(limit - self.count, 0)),
            "x-ratelimit-reset": str(reset),
            "x-ratelimit-period": f"{period:g}",
        }


@dataclass
class Traffic:
    """What the stats report and the limits act on; wiped by reset along with the catalog."""

    requests_by_route: Counter[str] = field(default_factory=Counter)
    throttled: int = 0
    injected_failures: int = 0
    admitted: int = 0  # authenticated requests past the rate limit: what fail_every_n counts
    window: RateWindow = field(default_factory=RateWindow)


class Emulator:
    """One emulator's whole state behind one lock, since the server answers on many threads."""

    def __init__(self, settings: EmulatorSettings):
        self.settings = settings
        self.lock = threading.Lock()
        self.tokens: dict[str, float] = {}  # token -> time.monotonic() when issued
        self.catalog = Catalog(actor=settings.client_id)
        self.traffic = Traffic()

    def reset(self) -> None:
        """Empties the catalog and the counters; issued tokens stay valid, so clients carry on."""
        self.catalog = Catalog(actor=self.settings.client_id)
        self.traffic = Traffic()

    def issue_token(self, body: dict) -> dict:
        if body.get("clientId") != self.settings.client_id or body.get("clientSecret") != self.settings.client_secret:
            raise ApiError(401, "unauthorized", "clientId or clientSecret is wrong")
        token = secrets.token_urlsafe(32)
        self.tokens[token] = time.monotonic()
        return {"ok": True, "accessToken": token, "expiresIn": self.settings.token_ttl_seconds, "tokenType": "Bearer"}

    def admit(self, authorization: str | None) -> dict[str, str]:
        """Gate for authenticated routes: token, then rate limit, then (for tests) an injected
        outage. Returns the headers every authenticated answer carries; refusals raise."""
        self._authenticate(authorization)
        headers: dict[str, str] = {}
        if self.settings.rate_limit:
            allowed, headers = self.traffic.window.hit(self.settings.rate_limit, self.settings.rate_window_seconds)
            if not allowed:
                self.traffic.throttled += 1
                raise ApiError(
                    429,
                    "too_many_requests",
                    f"rate limit of {self.settings.rate_limit} requests per "
                    f"{self.settings.rate_window_seconds:g}s exceeded",
                    headers={**headers, "Retry-After": headers["x-ratelimit-reset"]},
                )
        self.traffic.admitted += 1
        if self.settings.fail_every_n and self.traffic.admitted % self.settings.fail_every_n == 0:
            self.traffic.injected_failures += 1
            raise ApiError(503, "service_unavailable", "injected failure (fail_every_n)", headers=headers)
        return headers

    def _authenticate(self, authorization: str | None) -> None:
        scheme, _, token = (authorization or "").partition(" ")
        issued = self.tokens.get(token) if scheme.lower() == "bearer" else None
        if issued is None:
            raise ApiError(
                401, "unauthorized", "a valid bearer token is required; get one from POST /v1/auth/access_token"
            )
        if time.monotonic() - issued >= self.settings.token_ttl_seconds:
            del self.tokens[token]
            raise ApiError(
                401, "unauthorized", "the access token has expired; get a new one from POST /v1/auth/access_token"
            )

    def update_settings(self, changes: dict) -> None:
        """Runtime changes restart the rate window and the fail_every_n count, so tests can rely on them."""
        unknown = set(changes) - RUNTIME_SETTINGS
        if unknown:
            raise _invalid(
                f"settings {', '.join(sorted(unknown))} cannot be changed; use {', '.join(sorted(RUNTIME_SETTINGS))}"
            )
        try:
            self.settings = EmulatorSettings.model_validate({**self.settings.model_dump(), **changes})
        except ValidationError as exc:
            raise _invalid("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from None
        self.traffic.window = RateWindow()
        self.traffic.admitted = 0

    def stats(self) -> dict:
        return {
            "requests_by_route": dict(self.traffic.requests_by_route),
            "entities_by_blueprint": {bp: len(entities) for bp, entities in sorted(self.catalog.entities.items())},
            "throttled": self.traffic.throttled,
            "injected_failures": self.traffic.injected_failures,
        }


# --- HTTP -------------------------------------------------------------------------------------


def _json_body() -> dict:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_request", "the body must be a JSON object")
    return body


def _flag(name: str) -> bool:
    value = request.args.get(name, "false").lower()
    if value not in ("true", "false"):
        raise _invalid(f"{name} must be true or false")
    return value == "true"


def _write_options() -> WriteOptions:
    return WriteOptions(
        upsert=_flag("upsert"), merge=_flag("merge"), create_missing_related=_flag("create_missing_related_entities")
    )


def _bounded_list(body: dict, name: str, most: int) -> list:
    value = body.get(name)
    if not isinstance(value, list) or not 1 <= len(value) <= most:
        raise _invalid(f"{name} must be a list of 1 to {most} items")
    return value


def _field_names(body: dict, name: str) -> list[str]:
    value = body.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _invalid(f"{name} must be a list of field names")
    return value


def _search_limit(body: dict) -> int:
    limit = body.get("limit", DEFAULT_SEARCH_LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_SEARCH_LIMIT:
        raise _invalid(f"limit must be an integer from 1 to {MAX_SEARCH_LIMIT}")
    return limit


def _route_key() -> str | None:
    """The stats key: method and route template with Port-style placeholders, e.g. "GET /v1/blueprints/{bp}"."""
    if request.url_rule is None:
        return None
    template = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", request.url_rule.rule)
    return f"{request.method} {template}"


def create_app(settings: EmulatorSettings | None = None) -> Flask:
    """A Flask app serving the Port API from memory; each app has its own, empty state."""
    emulator = Emulator(settings or EmulatorSettings())
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.extensions["port_emulator"] = emulator
    _add_gate(app, emulator)
    _add_api_routes(app, emulator)
    _add_admin_routes(app, emulator)
    return app


def _add_gate(app: Flask, emulator: Emulator) -> None:
    """What runs around every request: stats, the body limit, auth, rate limit, faults, error shape."""

    @app.before_request
    def gate():
        api_route = request.path.startswith("/v1/")
        key = _route_key()
        if api_route and key:
            with emulator.lock:
                emulator.traffic.requests_by_route[key] += 1
        request.get_data()  # an oversized body is refused here (413), before auth, on every route
        if api_route and key != TOKEN_ROUTE:
            with emulator.lock:
                g.rate_limit_headers = emulator.admit(request.headers.get("Authorization"))

    @app.after_request
    def add_rate_limit_headers(response):
        response.headers.update(g.get("rate_limit_headers", {}))
        return response

    @app.errorhandler(ApiError)
    def api_error(exc: ApiError):
        return jsonify(exc.body()), exc.status, exc.headers

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_exc: RequestEntityTooLarge):
        return api_error(ApiError(413, "payload_too_large", f"the request body exceeds {MAX_BODY_BYTES} bytes"))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return api_error(ApiError(exc.code or 500, exc.name.lower().replace(" ", "_"), exc.description or exc.name))


def _add_api_routes(app: Flask, emulator: Emulator) -> None:
    """Port's /v1 routes. `emulator.catalog` is looked up per request because reset replaces it."""

    @app.post("/v1/auth/access_token")
    def access_token():
        body = _json_body()
        with emulator.lock:
            return jsonify(emulator.issue_token(body))

    @app.get("/v1/blueprints")
    def list_blueprints():
        with emulator.lock:
            return jsonify(ok=True, blueprints=emulator.catalog.list_blueprints())

    @app.post("/v1/blueprints")
    def create_blueprint():
        body = _json_body()
        with emulator.lock:
            return jsonify(ok=True, blueprint=emulator.catalog.create_blueprint(body))

    @app.get("/v1/blueprints/<bp>")
    def get_blueprint(bp: str):
        with emulator.lock:
            return jsonify(ok=True, blueprint=emulator.catalog.blueprint(bp))

    @app.put("/v1/blueprints/<bp>")
    def replace_blueprint(bp: str):
        body = _json_body()
        with emulator.lock:
            return jsonify(ok=True, blueprint=emulator.catalog.replace_blueprint(bp, body))

    @app.patch("/v1/blueprints/<bp>")
    def patch_blueprint(bp: str):
        body = _json_body()
        with emulator.lock:
            return jsonify(ok=True, blueprint=emulator.catalog.patch_blueprint(bp, body))

    @app.delete("/v1/blueprints/<bp>")
    def delete_blueprint(bp: str):
        with emulator.lock:
            emulator.catalog.delete_blueprint(bp)
        return jsonify(ok=True)

    @app.post("/v1/blueprints/<bp>/entities")
    def upsert_entity(bp: str):
        body, options = _json_body(), _write_options()
        with emulator.lock:
            entity, _created = emulator.catalog.upsert(bp, body, options)
        return jsonify(ok=True, entity=entity), 201

    @app.post("/v1/blueprints/<bp>/entities/bulk")
    def bulk_upsert(bp: str):
        entities, options = _bounded_list(_json_body(), "entities", MAX_BULK_UPSERT), _write_options()
        with emulator.lock:
            written, errors = emulator.catalog.bulk_upsert(bp, entities, options)
        if errors:
            return jsonify(ok=False, entities=written, errors=errors), 207
        return jsonify(ok=True, entities=written)

    @app.get("/v1/blueprints/<bp>/entities/<path:identifier>")
    def get_entity(bp: str, identifier: str):
        with emulator.lock:
            return jsonify(ok=True, entity=emulator.catalog.entity(bp, identifier))

    @app.delete("/v1/blueprints/<bp>/entities/<path:identifier>")
    def delete_entity(bp: str, identifier: str):
        delete_dependents = _flag("delete_dependents")
        with emulator.lock:
            emulator.catalog.entity(bp, identifier)  # 404 when absent, unlike the bulk route
            emulator.catalog.delete(bp, [identifier], delete_dependents)
        return jsonify(ok=True)

    @app.post("/v1/blueprints/<bp>/bulk/entities/delete")
    def bulk_delete(bp: str):
        identifiers, delete_dependents = (
            _bounded_list(_json_body(), "entities", MAX_BULK_DELETE),
            _flag("delete_dependents"),
        )
        if not all(isinstance(identifier, str) for identifier in identifiers):
            raise _invalid("entities must be a list of entity identifiers")
        with emulator.lock:
            deleted = emulator.catalog.delete(bp, identifiers, delete_dependents)
        return jsonify(ok=True, deletedEntities=deleted)

    @app.post("/v1/blueprints/<bp>/entities/search")
    def search_blueprint(bp: str):
        body = _json_body()
        predicate, limit, after = (
            _compile_query(body.get("query")),
            _search_limit(body),
            _decode_cursor(body.get("from")),
        )
        include, exclude = _field_names(body, "include"), _field_names(body, "exclude")
        with emulator.lock:
            found = emulator.catalog.search(bp, predicate)
        rest = [entity for entity in found if after is None or entity["identifier"] > after]
        page = rest[:limit]
        answer = {"ok": True, "entities": [_project(entity, include, exclude) for entity in page]}
        if len(rest) > limit:
            answer["next"] = _encode_cursor(page[-1]["identifier"])
        return jsonify(answer)

    @app.post("/v1/entities/search")
    def search_all():
        predicate = _compile_query(_json_body())
        with emulator.lock:
            return jsonify(ok=True, entities=emulator.catalog.search(None, predicate))


def _add_admin_routes(app: Flask, emulator: Emulator) -> None:
    """Not Port's: for tests and the demo to look inside and steer the emulator. No auth."""

    @app.get("/_emulator/stats")
    def stats():
        with emulator.lock:
            return jsonify(emulator.stats())

    @app.post("/_emulator/reset")
    def reset():
        with emulator.lock:
            emulator.reset()
        return jsonify(ok=True)

    @app.get("/_emulator/entities/<bp>")
    def blueprint_entities(bp: str):
        with emulator.lock:
            return jsonify(ok=True, entities=emulator.catalog.search(bp))

    @app.post("/_emulator/settings")
    def update_settings():
        changes = _json_body()
        with emulator.lock:
            emulator.update_settings(changes)
            return jsonify(ok=True, settings=emulator.settings.model_dump(exclude={"client_secret"}))


# --- serving ----------------------------------------------------------------------------------


class _QuietRequestHandler(WSGIRequestHandler):
    """No access log line per request: the demo's output stays readable; /_emulator/stats counts instead."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class EmulatorServer:
    """The emulator on a background thread: `with EmulatorServer(settings) as server: server.url`.
    Port 0 picks a free port; the socket is bound at construction, so `url` is known before start."""

    def __init__(self, settings: EmulatorSettings | None = None, host: str = "127.0.0.1", port: int = 0):
        self._server = make_server(
            host, port, create_app(settings), threaded=True, request_handler=_QuietRequestHandler
        )
        self.url = f"http://{host}:{self._server.server_port}"
        self._thread: threading.Thread | None = None

    def issued_tokens(self) -> list[str]:
        """Every access token handed out so far (tests check none of them leaks)."""
        return list(self._server.app.extensions["port_emulator"].tokens)

    def start(self) -> EmulatorServer:
        # A short poll interval keeps stop() quick, which matters for a server per test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="port-emulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def serve_forever(host: str, port: int, settings: EmulatorSettings) -> None:
    """The emulator in the foreground until Ctrl-C, logging each request (`port-aws-pipeline port-emulator`)."""
    server = make_server(host, port, create_app(settings), threaded=True)
    print(
        f"Port API emulator on http://{host}:{server.server_port}  "
        f"client_id={settings.client_id} client_secret={settings.client_secret}",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
