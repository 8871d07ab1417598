"""Shared by the per-kind tests: recorded fixtures, and reads against moto through the real fetch."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from importlib import resources
from pathlib import Path

import boto3
import yaml
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from port_aws_pipeline.aws.sessions import AwsClients
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.kinds import ReadContext
from port_aws_pipeline.kinds import ResourceKind
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY
from port_aws_pipeline.port.mapping import Mapping
from port_aws_pipeline.port.mapping import PortAppConfig
from port_aws_pipeline.reader import KindPlan
from port_aws_pipeline.reader import read_kind
from port_aws_pipeline.reader import to_record

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "kinds"
ACCOUNT = "111122223333"
#: A blueprint property's JSON type as Python types (a bool is no number: see `is_json_type`).
JSON_TYPES = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}
#: What Port accepts as an entity identifier.
IDENTIFIER = re.compile(r"^[A-Za-z0-9@_.+:\/=-]+$")


def v3_keys(fields) -> set[str]:
    """The aws-v3 Properties keys of a kind module's `FIELDS` (AWS's camelCase names, first letter capitalised)."""
    return {f[:1].upper() + f[1:] for f in fields}


def load_fixture(name: str) -> dict:
    """`tests/fixtures/kinds/<name>.json`: {"items": [raw AWS items as fetch returns them], "context": {...}}."""
    return json.loads((FIXTURES / f"{name}.json").read_text())


def fixture_account(name: str) -> str:
    """The account the fixture `name` was recorded in (its context's `account_id`)."""
    return load_fixture(name)["context"]["account_id"]


def fixture_context(fixture: dict, kind: ResourceKind) -> ReadContext:
    ctx = fixture.get("context", {})
    region = ctx.get("region", "us-east-1")
    return ReadContext(
        account_id=ctx.get("account_id", ACCOUNT),
        region=region,
        partition=ctx.get("partition", "aws"),
        regions=tuple(ctx.get("regions", [region])),
        actions=kind.actions_for(ctx.get("actions")),
    )


def shape_fixture(kind: ResourceKind, name: str) -> list[dict]:
    """Every recorded item through the kind's pure shape, made JSON-safe like the reader does."""
    from port_aws_pipeline.reader import json_safe

    fixture = load_fixture(name)
    ctx = fixture_context(fixture, kind)
    return [json_safe(kind.shape(item, ctx)) for item in fixture["items"]]


def moto_clients(account_id: str = ACCOUNT, region: str = "us-east-1") -> AwsClients:
    """Clients scoped to one moto account, as the pipeline's member role would be."""
    return AwsClients(session=account_session(account_id, region), account_id=account_id, partition="aws")


def moto_records(
    kind: ResourceKind,
    account_id: str = ACCOUNT,
    region: str = "us-east-1",
    actions: list[str] | None = None,
    regions: tuple[str, ...] | None = None,
) -> list[dict]:
    """The full reader path (fetch -> shape -> record) against the moto server; fails on a read error."""
    regions = regions or (region,)
    read_region = "global" if kind.is_global else region
    ctx = ReadContext(account_id, read_region, "aws", regions, kind.actions_for(actions))
    result = read_kind(
        KindPlan(kind, ctx.actions, lambda r: r in regions), moto_clients(account_id, regions[0]), ctx, "test-role"
    )
    assert result.error is None, result.error
    return result.records


def fixture_shapes(
    kind: ResourceKind,
    name: str,
    *,
    types: dict | None = None,
    closed: bool = True,
    fields: dict | None = None,
    each: Callable[[dict], None] | None = None,
) -> list[dict]:
    """`shape_fixture`, asserted equal to the fixture's recorded `expected` Properties. Each shaped item is checked
    with `assert_types(item, types, closed=closed)`, `assert_fields(item, fields)` and `each(item)`, as given."""
    shaped = shape_fixture(kind, name)
    assert shaped == load_fixture(name)["expected"]
    for item in shaped:
        if types is not None:
            assert_types(item, types, closed=closed)
        if fields is not None:
            assert_fields(item, fields)
        if each is not None:
            each(item)
    return shaped


def fragment(name: str) -> dict:
    """The default fragment of a kind module, `port_aws_pipeline/defaults/kinds/<name>.yml`: {blueprints, resources}."""
    return yaml.safe_load(resources.files("port_aws_pipeline.defaults").joinpath("kinds", f"{name}.yml").read_text())


def default_mapping(*names: str) -> Mapping:
    """The mapping of the default fragments of these kind modules, their resources in order."""
    return Mapping(PortAppConfig.model_validate({"resources": [r for n in names for r in fragment(n)["resources"]]}))


def map_records(kind: ResourceKind, records: list[dict], mapping: Mapping) -> list:
    """The entities `mapping` makes of a kind's records; asserts it reports no mapping error."""
    entities, errors = mapping.map_records(kind.kind, records, "scope")
    assert errors == []
    return entities


def assert_relates_to_moto(
    kind: ResourceKind, name: str, records: list[dict], relation: str, target: ResourceKind, target_name: str
) -> None:
    """`records` of `kind`, mapped by the default fragment of `name`, relate through `relation` to exactly the
    entities of `target`'s moto read (mapped by the default fragment of `target_name`)."""
    entities = map_records(kind, records, default_mapping(name))
    targets = map_records(target, moto_records(target), default_mapping(target_name))
    assert {e.relations[relation] for e in entities} == {t.identifier for t in targets}


def records_of(
    kind: ResourceKind, properties: list[dict], account_id: str = ACCOUNT, region: str = "us-east-1"
) -> list:
    """Shaped Properties as the reader records them (`__Region`, `__AccountId`, ...)."""
    return [to_record(kind.kind, props, account_id, region) for props in properties]


def expected_records(kind: ResourceKind, name: str, region: str = "us-east-1") -> list[dict]:
    """The fixture `name`'s recorded `expected` Properties as the reader records them in `region`."""
    return records_of(kind, load_fixture(name)["expected"], region=region)


def mapped_expected(kind: ResourceKind, name: str, region: str = "us-east-1", mapping: Mapping | None = None) -> list:
    """`expected_records` through `mapping` (default: the default fragment's mapping of `name`)."""
    return map_records(kind, expected_records(kind, name, region), mapping or default_mapping(name))


def fixture_records(kind: ResourceKind, name: str, fixture: dict | None = None) -> list[dict]:
    """The fixture's items (default: the recorded ones of `name`) shaped and recorded as the reader does (a global
    kind's item in its own region)."""
    fixture = load_fixture(name) if fixture is None else fixture
    ctx = fixture_context(fixture, kind)
    region_of = kind.region_of or (lambda item: ctx.region)
    return [to_record(kind.kind, kind.shape(i, ctx), ctx.account_id, region_of(i)) for i in fixture["items"]]


def mapped(kind: ResourceKind, name: str, fixture: dict | None = None) -> list:
    """`fixture_records` through the default fragment's mapping of `name`."""
    return map_records(kind, fixture_records(kind, name, fixture), default_mapping(name))


def mapped_identifiers(kind: ResourceKind, name: str) -> set[str]:
    """The identifiers of `mapped(kind, name)`: the entities another kind's fixture relations point at."""
    return {e.identifier for e in mapped(kind, name)}


def mapped_to_blueprint(kind: ResourceKind, name: str, identifier: str, records: list[dict] | None = None) -> list:
    """`records` (default: the fixture's, as `mapped` records them) through the default fragment of `name`, each entity
    asserted to fit that fragment's first blueprint, whose identifier is `identifier`."""
    blueprint = fragment(name)["blueprints"][0]
    assert blueprint["identifier"] == identifier
    entities = mapped(kind, name) if records is None else map_records(kind, records, default_mapping(name))
    for entity in entities:
        assert_fits_blueprint(entity, blueprint)
    return entities


def is_json_type(value, expected) -> bool:
    """`isinstance`, except that a bool is not a number (nor a string, object or array)."""
    return isinstance(value, expected) and not (expected is not bool and isinstance(value, bool))


def assert_fits_blueprint(entity, blueprint: dict, *, port_identifier: bool = True) -> None:
    """The entity is one of `blueprint`'s: each property it sets is declared with its JSON type (date-times parse),
    its relations are declared ones and (with `port_identifier`) its identifier matches `IDENTIFIER`."""
    assert entity.blueprint == blueprint["identifier"], entity.blueprint
    schema = blueprint["schema"]["properties"]
    for key, value in entity.properties.items():
        if key == SCOPE_PROPERTY or value is None:
            continue
        assert key in schema, key
        assert is_json_type(value, JSON_TYPES[schema[key]["type"]]), (key, value)
        if schema[key].get("format") == "date-time":
            datetime.fromisoformat(value)
    assert set(entity.relations) <= set(blueprint["relations"])
    assert not port_identifier or IDENTIFIER.match(entity.identifier), entity.identifier


def assert_types(props: dict, types: dict, *, closed: bool = True, nullable: bool = True) -> None:
    """Each key of `types` (an aws-v3 model's fields) that `props` has holds that type (a bool only where `bool` is
    asked for). `closed`: `props` has no key outside `types` (models without extra="allow"). `nullable`: a key may
    hold None."""
    if closed:
        assert set(props) <= set(types), set(props) - set(types)
    for key, expected in types.items():
        if key in props and not (nullable and props[key] is None):
            assert is_json_type(props[key], expected), (key, props[key])


class OneClient:
    """A ClientProvider that answers every service and region with one (stubbed or canned) client."""

    account_id, partition = ACCOUNT, "aws"

    def __init__(self, client, account_id: str = ACCOUNT):
        self._client, self.account_id = client, account_id

    def client(self, service, region):
        return self._client


class StubbedClients:
    """A ClientProvider over botocore `Stubber`-backed clients of `services`, all in `region`: `made[service]` is the
    client, `stubs[service]` its Stubber."""

    partition = "aws"

    def __init__(self, *services: str, account_id: str = ACCOUNT, region: str = "eu-west-1"):
        self.account_id, self.region = account_id, region
        self.made = {s: stub_client(s, region) for s in services}
        self.stubs = {s: Stubber(c) for s, c in self.made.items()}

    def client(self, service, region):
        assert region == self.region, region
        return self.made[service]

    def context(self) -> ReadContext:
        """The read context of these clients' account, in their one region."""
        return ReadContext(self.account_id, self.region, "aws", (self.region,))


def stub_client(service: str, region: str = "eu-west-1"):
    """A boto3 client with throwaway keys, for a `Stubber` to answer (it never reaches a network)."""
    return boto3.client(service, region_name=region, aws_access_key_id="x", aws_secret_access_key="x")


class Intercepted:
    """Real (moto) clients where `answer(method, kwargs)` may stand in for a call: a dict is the answer, a string the
    AWS error code to raise, None lets the call through. Paginated pages go through `page(page)`."""

    def __init__(self, clients, answer=lambda method, kwargs: None, page=lambda page: page):
        self.account_id, self.partition = clients.account_id, clients.partition
        self._clients, self._answer, self._page = clients, answer, page

    def client(self, service, region):
        return _InterceptedClient(self._clients.client(service, region), self._answer, self._page)


class _InterceptedClient:
    def __init__(self, client, answer, page):
        self._client, self._answer, self._page = client, answer, page

    def get_paginator(self, name):
        paginator, page = self._client.get_paginator(name), self._page

        class Pages:
            def paginate(self, **kwargs):
                return (page(p) for p in paginator.paginate(**kwargs))

        return Pages()

    def __getattr__(self, name):
        attr = getattr(self._client, name)

        def call(**kwargs):
            result = self._answer(name, kwargs)
            if isinstance(result, str):
                raise ClientError({"Error": {"Code": result, "Message": "injected"}}, name)
            return attr(**kwargs) if result is None else result

        return call


def assert_relation_targets(blueprint: dict, targets: dict[str, str]) -> None:
    """Every relation of `blueprint` targets one of `targets` (blueprint identifier -> the kind module whose default
    fragment defines it), and each is defined by the fragment that owns it."""
    assert {r["target"] for r in blueprint["relations"].values()} <= set(targets)
    for target, module in targets.items():
        assert target in {b["identifier"] for b in fragment(module)["blueprints"]}, (target, module)


def assert_attribute_types(props: dict, keys, ints, bools) -> None:
    """A Get*Attributes item (SNS, SQS): no key outside `keys` and `Tags`; `ints` hold ints, `bools` bools, every other
    key but `Tags` a string (the caller checks `Tags`, which differs by service)."""
    assert set(props) <= set(keys) | {"Tags"}
    for key, value in props.items():
        if key in ints:
            assert type(value) is int, key
        elif key in bools:
            assert type(value) is bool, key
        elif key != "Tags":
            assert isinstance(value, str), key


def assert_fields(props: dict, types: dict) -> None:
    """Each key of `types` is in `props`, holding that type (the fields a kind's Properties always carry)."""
    for key, expected in types.items():
        assert isinstance(props[key], expected), key
