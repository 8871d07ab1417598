"""Port's search query language: compiling rules into predicates, projections and cursors."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from port_aws_pipeline.devtools.port_emulator.rules import invalid


def _both_strings(actual: Any, expected: Any) -> bool:
    return isinstance(actual, str) and isinstance(expected, str)


#: Search rule `property` names that address an entity's own fields rather than its properties.
META_FIELDS = {
    f"${name}": name
    for name in ("identifier", "title", "blueprint", "team", "icon", "createdAt", "updatedAt", "datasource")
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


# --- search: the one place that decides whether an entity matches a query -------------------


def compile_query(query: Any) -> Callable[[dict], bool]:
    """A predicate over rendered entities for `{combinator, rules}`; malformed queries are
    refused up front, so a bad rule fails even when nothing would be compared against it."""
    if (
        not isinstance(query, dict)
        or query.get("combinator") not in ("and", "or")
        or not isinstance(query.get("rules"), list)
    ):
        raise invalid('a query is {"combinator": "and" | "or", "rules": [...]}')
    checks = [
        compile_query(rule) if isinstance(rule, dict) and "combinator" in rule else _compile_rule(rule)
        for rule in query["rules"]
    ]
    join = all if query["combinator"] == "and" else any
    return lambda entity: not checks or join(check(entity) for check in checks)


def _compile_rule(rule: Any) -> Callable[[dict], bool]:
    if not isinstance(rule, dict):
        raise invalid("each rule must be an object")
    read = _rule_field(rule)
    operator, expected = rule.get("operator"), rule.get("value")
    if operator in ("isEmpty", "isNotEmpty"):
        return lambda entity: _is_empty(read(entity)) == (operator == "isEmpty")
    positive = NEGATED_OPERATORS.get(operator, operator) if isinstance(operator, str) else None
    test = OPERATORS.get(positive)
    if test is None:
        raise invalid(f"unknown operator {operator!r}")
    if positive == "in" and not isinstance(expected, list):
        raise invalid(f'operator "{operator}" takes a list value')
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
        raise invalid("a rule needs a property or a relation")
    if name in META_FIELDS:
        return lambda entity: entity.get(META_FIELDS[name])
    return lambda entity: entity["properties"].get(name)


def _is_empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


def project(entity: dict, include: list[str], exclude: list[str]) -> dict:
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


def encode_cursor(identifier: str) -> str:
    return base64.urlsafe_b64encode(identifier.encode()).decode()


def decode_cursor(cursor: Any) -> str | None:
    """The identifier a page ended at: ordering by identifier makes pages stable under writes."""
    if cursor is None:
        return None
    try:
        return base64.urlsafe_b64decode(cursor.encode()).decode()
    except (AttributeError, ValueError):
        raise invalid("from must be a cursor a previous search answered with") from None
