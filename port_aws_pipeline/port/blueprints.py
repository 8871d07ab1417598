"""Blueprints are made to match the definitions before any entity is written, idempotently."""

from __future__ import annotations

import json
from graphlib import CycleError
from graphlib import TopologicalSorter
from pathlib import Path

import yaml
from pydantic import BaseModel
from pydantic import Field

from port_aws_pipeline.config import ConfigError
from port_aws_pipeline.defaults import default_blueprints
from port_aws_pipeline.port.client import PortClient
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY

SCOPE_PROPERTY_SCHEMA = {
    "type": "string",
    "title": "AWS sync scope",
    "description": "Set by port-aws-pipeline: account:region:kind this entity was read in",
}


class BlueprintChange(BaseModel):
    identifier: str
    action: str  # created | updated | unchanged
    added: list[str] = Field(default_factory=list)


def load_blueprints(path: str | Path | None = None) -> list[dict]:
    """The user's blueprint list (JSON or YAML), or the defaults that ship in the package."""
    if path:
        source = Path(path)
        if not source.exists():
            raise ConfigError(
                [f"blueprints: {source} not found; fix the path or remove the key to use the default blueprints"]
            )
        text = source.read_text()
    else:
        return default_blueprints()
    try:
        data = json.loads(text) if text.lstrip().startswith("[") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise ConfigError([f"blueprints: cannot parse {path}: {exc}"]) from None
    if not isinstance(data, list) or not all(isinstance(b, dict) and b.get("identifier") for b in data):
        raise ConfigError(["blueprints: must be a list of blueprint objects, each with an identifier"])
    return data


def dependency_order(blueprints: list[dict]) -> list[str]:
    """Relation targets before the blueprints (and entities) that point at them."""
    known = {b["identifier"] for b in blueprints}
    graph = {
        b["identifier"]: {r["target"] for r in (b.get("relations") or {}).values() if r.get("target") in known}
        - {b["identifier"]}
        for b in blueprints
    }
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError:
        return sorted(known)


def with_scope_property(blueprint: dict) -> dict:
    schema = dict(blueprint.get("schema") or {})
    schema["properties"] = {**(schema.get("properties") or {}), SCOPE_PROPERTY: SCOPE_PROPERTY_SCHEMA}
    schema.setdefault("required", [])
    return {**blueprint, "schema": schema}


def missing_parts(wanted: dict, existing: dict) -> tuple[dict, list[str]]:
    """The PATCH that adds what `existing` lacks; never removes what users added in Port."""
    have_props = (existing.get("schema") or {}).get("properties") or {}
    have_rels = existing.get("relations") or {}
    props = {k: v for k, v in wanted["schema"]["properties"].items() if k not in have_props}
    rels = {k: v for k, v in (wanted.get("relations") or {}).items() if k not in have_rels}
    changes: dict = {}
    if props:
        changes["schema"] = {
            "properties": {**have_props, **props},
            "required": (existing.get("schema") or {}).get("required", []),
        }
    if rels:
        changes["relations"] = {**have_rels, **rels}
    return changes, sorted(props) + sorted(f"relation {r}" for r in rels)


def ensure_blueprints(client: PortClient, blueprints: list[dict]) -> list[BlueprintChange]:
    by_id = {b["identifier"]: with_scope_property(b) for b in blueprints}
    changes: list[BlueprintChange] = []
    for identifier in dependency_order(blueprints):
        wanted = by_id[identifier]
        existing = client.get_blueprint(identifier)
        if existing is None:
            client.create_blueprint(wanted)
            changes.append(BlueprintChange(identifier=identifier, action="created"))
            continue
        patch, added = missing_parts(wanted, existing)
        if patch:
            client.patch_blueprint(identifier, patch)
        changes.append(BlueprintChange(identifier=identifier, action="updated" if patch else "unchanged", added=added))
    return changes
