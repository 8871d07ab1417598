"""The Port client against the emulator over real HTTP: batching, 207s, retries, token renewal."""

import json
import time

import pytest
import requests

from port_aws_pipeline.config import PortSettings
from port_aws_pipeline.port.blueprints import ensure_blueprints
from port_aws_pipeline.port.blueprints import load_blueprints
from port_aws_pipeline.port.client import MAX_BODY_BYTES
from port_aws_pipeline.port.client import PortClient
from port_aws_pipeline.port.client import batches_by_size

from .conftest import CLIENT_ID
from .conftest import CLIENT_SECRET

BULK = "POST /v1/blueprints/{bp}/entities/bulk"


def client_for(emulator, **overrides) -> PortClient:
    return PortClient(
        PortSettings(base_url=emulator.url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, **overrides)
    )


def emulator_settings(emulator, **settings):
    requests.post(f"{emulator.url}/_emulator/settings", json=settings, timeout=5).raise_for_status()


def route_count(emulator, route):
    return requests.get(f"{emulator.url}/_emulator/stats", timeout=5).json()["requests_by_route"].get(route, 0)


@pytest.fixture
def client(port_emulator):
    c = client_for(port_emulator)
    ensure_blueprints(c, load_blueprints())
    return c


def queue(i, **props):
    return {
        "identifier": f"arn:aws:sqs:us-east-1:111111111111:q{i}",
        "title": f"q{i}",
        "properties": {"queueName": f"q{i}", **props},
        "relations": {},
    }


def test_batches_hold_at_most_20_entities_and_1_mib():
    small = [{"identifier": str(i)} for i in range(45)]
    assert [len(b) for b in batches_by_size(small)] == [20, 20, 5]
    big = [{"identifier": str(i), "properties": {"blob": "x" * 400_000}} for i in range(5)]
    batches = list(batches_by_size(big))
    assert [len(b) for b in batches] == [2, 2, 1]
    assert all(len(json.dumps({"entities": b}).encode()) <= MAX_BODY_BYTES for b in batches)


def test_bulk_upsert_splits_and_lands_everything(client, port_emulator):
    result = client.upsert_entities("awsSqsQueue", [queue(i) for i in range(45)])
    assert len(result.written) == 45 and result.errors == []
    assert route_count(port_emulator, BULK) == 3
    assert len(client.search_entities("awsSqsQueue", [])) == 45


def test_207_errors_are_reported_by_identifier(client):
    good, bad = queue(1), queue(2, visibilityTimeout="not a number")
    result = client.upsert_entities("awsSqsQueue", [good, bad])
    assert result.written == [good["identifier"]]
    assert [e.identifier for e in result.errors] == [bad["identifier"]]
    assert result.errors[0].status == 422


def test_missing_relation_target_is_rejected_not_created(client):
    entity = {**queue(3), "relations": {"account": "999999999999"}}
    result = client.upsert_entities("awsSqsQueue", [entity])
    assert result.written == [] and result.errors[0].identifier == entity["identifier"]
    assert client.search_entities("awsAccount", []) == []


def test_429_with_retry_after_and_503s_still_land_everything(port_emulator):
    c = client_for(port_emulator)
    ensure_blueprints(c, load_blueprints())
    emulator_settings(port_emulator, rate_limit=3, rate_window_seconds=1, fail_every_n=4)
    result = c.upsert_entities("awsSqsQueue", [queue(i) for i in range(100)])
    emulator_settings(port_emulator, rate_limit=None, fail_every_n=None)
    assert len(result.written) == 100 and result.errors == []
    assert sum(c.retries.values()) > 0
    stats = requests.get(f"{port_emulator.url}/_emulator/stats", timeout=5).json()
    assert stats["throttled"] > 0 and stats["injected_failures"] > 0
    assert stats["entities_by_blueprint"]["awsSqsQueue"] == 100


def test_token_is_renewed_when_port_refuses_it(port_emulator):
    c = client_for(port_emulator)
    assert c.get_blueprint("awsAccount") is None  # caches a token valid for 3 h
    emulator_settings(port_emulator, token_ttl_seconds=0.5)
    time.sleep(0.6)  # Port now considers that token expired: the next call gets a 401
    ensure_blueprints(c, load_blueprints())
    emulator_settings(port_emulator, token_ttl_seconds=10800)
    assert c.calls["POST /v1/auth/access_token"] >= 2
    assert c.get_blueprint("awsAccount") is not None


def test_search_follows_pages(client):
    client.upsert_entities("awsSqsQueue", [queue(i) for i in range(30)])
    rules = [{"property": "queueName", "operator": "in", "value": [f"q{i}" for i in range(25)]}]
    assert len(client.search_entities("awsSqsQueue", rules)) == 25


def test_bulk_delete_skips_only_entities_something_points_at(client):
    client.create_blueprint({"identifier": "team", "title": "Team", "schema": {"properties": {}}})
    client.create_blueprint(
        {
            "identifier": "service",
            "title": "Service",
            "schema": {"properties": {}},
            "relations": {"team": {"target": "team", "required": True, "many": False}},
        }
    )
    client.upsert_entities(
        "team",
        [
            {"identifier": "a", "properties": {}, "relations": {}},
            {"identifier": "b", "properties": {}, "relations": {}},
        ],
    )
    client.upsert_entities("service", [{"identifier": "svc", "properties": {}, "relations": {"team": "a"}}])
    result = client.delete_entities("team", ["a", "b"])
    assert result.written == ["b"]
    assert [e.identifier for e in result.errors] == ["a"]
    assert [e["identifier"] for e in client.search_entities("team", [])] == ["a"]


def test_blueprints_are_idempotent_and_get_the_scope_property(port_emulator):
    c = client_for(port_emulator)
    first = ensure_blueprints(c, load_blueprints())
    assert {ch.action for ch in first} == {"created"}
    assert [ch.identifier for ch in first][0] == "awsAccount"  # relation target first
    second = ensure_blueprints(c, load_blueprints())
    assert {ch.action for ch in second} == {"unchanged"}
    assert "awsSyncScope" in c.get_blueprint("awsEc2Instance")["schema"]["properties"]
