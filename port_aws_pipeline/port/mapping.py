"""port-app-config.yml mappings, evaluated with jq.

Each resource mapping is compiled once into a single jq program that builds the
whole entity, so a record costs one jq evaluation instead of one per field.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any

import jq
import yaml
from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import ValidationError

from port_aws_pipeline.config import ConfigError
from port_aws_pipeline.config import RegionPolicy
from port_aws_pipeline.defaults import default_port_app_config

SCOPE_PROPERTY = "awsSyncScope"
SCOPE_PREFIX = "port-aws-pipeline"


def scope_key(account_id: str, region: str, kind: str) -> str:
    """What marks an entity as ours, and which read proves it still exists."""
    return f"{SCOPE_PREFIX}:{account_id}:{region}:{kind}"


def account_scope_prefix(account_id: str) -> str:
    return f"{SCOPE_PREFIX}:{account_id}:"


class EntityMapping(BaseModel):
    model_config = ConfigDict(extra="forbid")
    identifier: str
    title: str | None = None
    blueprint: str
    icon: str | None = None
    team: str | None = None
    properties: dict[str, str] = Field(default_factory=dict)
    relations: dict[str, str] = Field(default_factory=dict)


class EntityTarget(BaseModel):
    mappings: EntityMapping


class PortTarget(BaseModel):
    entity: EntityTarget


class Selector(BaseModel):
    """aws-v3's selector: jq `query`, per-kind `regionPolicy`, optional `includeActions` (None: aws-v3 defaults)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    query: str = "true"
    region_policy: RegionPolicy = Field(default_factory=RegionPolicy, alias="regionPolicy")
    include_actions: list[str] | None = Field(default=None, alias="includeActions", max_length=3)


class ResourceMapping(BaseModel):
    kind: str
    selector: Selector = Field(default_factory=Selector)
    port: PortTarget

    @property
    def mappings(self) -> EntityMapping:
        return self.port.entity.mappings


class PortAppConfig(BaseModel):
    """An Ocean port-app-config.yml; its top-level write options are honoured, other Ocean keys accepted."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    resources: list[ResourceMapping]
    delete_dependent_entities: bool = Field(default=False, alias="deleteDependentEntities")
    create_missing_related_entities: bool = Field(default=False, alias="createMissingRelatedEntities")
    enable_merge_entity: bool = Field(default=True, alias="enableMergeEntity")


class Entity(BaseModel):
    identifier: str
    title: str | None = None
    blueprint: str
    icon: str | None = None
    team: Any = None
    properties: dict[str, Any] = Field(default_factory=dict)
    relations: dict[str, Any] = Field(default_factory=dict)

    def payload(self) -> dict:
        """The body Port's upsert takes (blueprint is in the URL)."""
        body = self.model_dump(exclude={"blueprint"}, exclude_none=True)
        body.setdefault("properties", {})
        body.setdefault("relations", {})
        return body


class WriteOptions(BaseModel):
    """The port-app-config's top-level write options (Ocean names), where they apply."""

    merge: bool = True  # enableMergeEntity
    create_missing_related_entities: bool = False  # createMissingRelatedEntities
    delete_dependents: bool = False  # deleteDependentEntities


class MappingError(BaseModel):
    kind: str
    identifier: str | None
    message: str


def _program_text(m: EntityMapping, query: str) -> str:
    def obj(fields: dict[str, str]) -> str:
        return "{" + ", ".join(f"{json.dumps(k)}: ({v})" for k, v in fields.items()) + "}"

    entity = {"identifier": m.identifier, "blueprint": m.blueprint}
    for name in ("title", "icon", "team"):
        if getattr(m, name):
            entity[name] = getattr(m, name)
    body = obj(entity)[:-1] + f', "properties": {obj(m.properties)}, "relations": {obj(m.relations)}}}'
    return f"if ({query}) then {body} else empty end"


class CompiledMapping:
    """One resource mapping ready to turn raw records into entities."""

    def __init__(self, resource: ResourceMapping, position: int):
        self.resource = resource
        self.kind = resource.kind
        where = f"resources[{position}] (kind {resource.kind})"
        try:
            self.program = jq.compile(_program_text(resource.mappings, resource.selector.query))
        except ValueError as exc:
            raise ConfigError([f"mapping {where}: jq does not compile: {exc}"]) from None

    @cached_property
    def blueprint(self) -> str | None:
        """The target blueprint when it is a constant expression (the usual case)."""
        try:
            value = jq.compile(self.resource.mappings.blueprint).input_value(None).first()
        except ValueError:
            return None
        return value if isinstance(value, str) else None

    def apply(self, record: dict) -> tuple[list[Entity], list[MappingError]]:
        identifier_hint = (record.get("Properties") or {}).get("Arn")
        try:
            outputs = self.program.input_value(record).all()
        except ValueError as exc:
            return [], [MappingError(kind=self.kind, identifier=identifier_hint, message=f"jq failed: {exc}")]
        entities, errors = [], []
        for output in outputs:
            try:
                entity = Entity.model_validate(output)
            except ValidationError as exc:
                problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
                errors.append(MappingError(kind=self.kind, identifier=identifier_hint, message=problem))
                continue
            entities.append(entity)
        return entities, errors


class Mapping:
    """The whole port-app-config: kind → compiled mappings."""

    def __init__(self, config: PortAppConfig):
        self.config = config
        self.by_kind: dict[str, list[CompiledMapping]] = {}
        for position, resource in enumerate(config.resources):
            self.by_kind.setdefault(resource.kind, []).append(CompiledMapping(resource, position))

    @property
    def write_options(self) -> WriteOptions:
        return WriteOptions(
            merge=self.config.enable_merge_entity,
            create_missing_related_entities=self.config.create_missing_related_entities,
            delete_dependents=self.config.delete_dependent_entities,
        )

    @property
    def kinds(self) -> set[str]:
        return set(self.by_kind)

    def selectors_for(self, kind: str) -> list[Selector]:
        return [m.resource.selector for m in self.by_kind.get(kind, [])]

    def blueprints_for_kind(self, kind: str) -> set[str]:
        return {m.blueprint for m in self.by_kind.get(kind, []) if m.blueprint}

    def map_records(self, kind: str, records: list[dict], scope: str) -> tuple[list[Entity], list[MappingError]]:
        entities: list[Entity] = []
        errors: list[MappingError] = []
        for compiled in self.by_kind.get(kind, []):
            policy = compiled.resource.selector.region_policy
            for record in records:
                if record.get("__Region") and not policy.allows(record["__Region"]):
                    continue
                mapped, failed = compiled.apply(record)
                entities += mapped
                errors += failed
        for entity in entities:
            entity.properties[SCOPE_PROPERTY] = scope
        return entities, errors


def load_mapping(path: str | Path | None = None) -> Mapping:
    """The user's mapping file, or the default assembled from the per-kind fragments."""
    if path:
        source = Path(path)
        if not source.exists():
            raise ConfigError(
                [f"mapping: {source} not found; fix the path or remove the key to use the default mapping"]
            )
        where = str(source)
        try:
            raw = yaml.safe_load(source.read_text())
        except yaml.YAMLError as exc:
            raise ConfigError([f"mapping {where}: not valid YAML ({exc})"]) from None
    else:
        raw, where = default_port_app_config(), "default mapping"
    try:
        config = PortAppConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(
            [f"mapping {where}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        ) from None
    return Mapping(config)
