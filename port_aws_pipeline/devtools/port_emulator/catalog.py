"""Blueprints and entities in memory, with Port's write, delete and search semantics."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from typing import Any

from port_aws_pipeline.devtools.port_emulator.rules import ENTITY_IDENTIFIER
from port_aws_pipeline.devtools.port_emulator.rules import ApiError
from port_aws_pipeline.devtools.port_emulator.rules import Key
from port_aws_pipeline.devtools.port_emulator.rules import WriteOptions
from port_aws_pipeline.devtools.port_emulator.rules import as_list
from port_aws_pipeline.devtools.port_emulator.rules import check_identifier
from port_aws_pipeline.devtools.port_emulator.rules import checked_blueprint
from port_aws_pipeline.devtools.port_emulator.rules import checked_entity
from port_aws_pipeline.devtools.port_emulator.rules import invalid
from port_aws_pipeline.devtools.port_emulator.rules import merged_blueprint

# --- state ------------------------------------------------------------------------------------


def port_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _parse_time(value: Any) -> datetime:
    """An ISO 8601 time as sent by clients (with `Z` or an offset; naive means UTC)."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        raise invalid(f"{value!r} is not an ISO 8601 date-time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def stamped(record: dict, previous: dict | None, actor: str) -> dict:
    """Port's audit fields: creation carried over from `previous`, update set now."""
    now = port_now()
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
        for target in as_list(relations.get(name)):
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
        blueprint = checked_blueprint(body, self.blueprints)
        if blueprint["identifier"] in self.blueprints:
            raise ApiError(409, "identifier_taken", f'blueprint "{blueprint["identifier"]}" already exists')
        self.entities[blueprint["identifier"]] = {}
        return self._save_blueprint(blueprint, previous=None)

    def replace_blueprint(self, identifier: str, body: dict) -> dict:
        previous = self.blueprint(identifier)
        return self._save_blueprint(checked_blueprint({**body, "identifier": identifier}, self.blueprints), previous)

    def patch_blueprint(self, identifier: str, changes: dict) -> dict:
        previous = self.blueprint(identifier)
        merged = {**merged_blueprint(previous, changes), "identifier": identifier}
        return self._save_blueprint(checked_blueprint(merged, self.blueprints), previous)

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
        self.blueprints[blueprint["identifier"]] = stamped(blueprint, previous, self.actor)
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
            **{key: value for key, value in entity.items() if key != "datasource"},
            "properties": {name: entity["properties"].get(name) for name in blueprint["schema"]["properties"]},
            "relations": {
                name: as_list(entity["relations"].get(name)) if spec["many"] else entity["relations"].get(name)
                for name, spec in blueprint["relations"].items()
            },
        }

    def upsert(
        self, blueprint_id: str, body: Any, options: WriteOptions, datasource: str | None = None
    ) -> tuple[dict, bool]:
        """Everything is checked before anything is written, so a refused entity leaves no trace,
        not even a related stub; `validation_only` checks and writes nothing. `datasource` (the
        writer's User-Agent) marks the writer as the entity's maintainer. Returns the entity as
        stored (or as it would be) and whether it was (or would be) created."""
        blueprint = self.blueprint(blueprint_id)
        stored = self.entities[blueprint_id]
        if not isinstance(body, dict):
            raise invalid("an entity must be a JSON object")
        identifier = check_identifier(body.get("identifier"), ENTITY_IDENTIFIER, "entity")
        previous = stored.get(identifier)
        if previous is not None and not options.upsert:
            raise ApiError(
                409,
                "identifier_taken",
                f'entity "{identifier}" already exists in blueprint "{blueprint_id}"; pass upsert=true to update it',
            )
        entity = checked_entity(blueprint, body, previous if options.merge else None)
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
        if options.validation_only:
            return self.render(stamped(entity, previous, self.actor)), previous is None
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
            self.entities[target_blueprint][target] = stamped(blank, None, self.actor)
        stored[identifier] = stamped({**entity, "datasource": datasource}, previous, self.actor)
        return self.render(stored[identifier]), previous is None

    def bulk_upsert(
        self, blueprint_id: str, bodies: list, options: WriteOptions, datasource: str | None = None
    ) -> tuple[list[dict], list[dict]]:
        """Each entity stands alone: the good ones are written, the others reported by index."""
        self.blueprint(blueprint_id)
        written, errors = [], []
        for index, body in enumerate(bodies):
            try:
                entity, created = self.upsert(blueprint_id, body, options, datasource)
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
        """Rendered entities matching `predicate`, in a stable order: blueprint, then identifier.
        The predicate also sees `datasource`, which answers leave out."""
        if blueprint_id:
            self.blueprint(blueprint_id)
        found = []
        for bp in [blueprint_id] if blueprint_id else sorted(self.entities):
            for identifier in sorted(self.entities[bp]):
                stored = self.entities[bp][identifier]
                entity = self.render(stored)
                if predicate({**entity, "datasource": stored.get("datasource")}):
                    found.append(entity)
        return found

    def owned_by(self, prefix: str, suffix: str, updated_before: str | None) -> list[dict]:
        """Entities whose maintainer's User-Agent starts with `prefix` and ends with `suffix` (an Ocean
        integration's own), optionally only those last written before an ISO time; by blueprint, identifier."""
        before = _parse_time(updated_before) if updated_before is not None else None
        return [
            self.render(stored)
            for bp in sorted(self.entities)
            for identifier, stored in sorted(self.entities[bp].items())
            if (stored.get("datasource") or "").startswith(prefix)
            and (stored.get("datasource") or "").endswith(suffix)
            and (before is None or _parse_time(stored["updatedAt"]) < before)
        ]

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


#: Fields of an integration record that Port manages; a create or patch body cannot set them.
