"""Bad secrets, dead endpoints and missing credentials end fast, say why in the last lines, and delete nothing.

Also: no secret (Port client secret, access tokens, AWS session credentials) is written anywhere.
"""

import time
from pathlib import Path

import pytest
import yaml

from port_aws_pipeline.cli import main
from port_aws_pipeline.devtools.port_emulator import EmulatorServer
from port_aws_pipeline.devtools.port_emulator import EmulatorSettings
from port_aws_pipeline.devtools.seeding import OrgSpec
from port_aws_pipeline.devtools.seeding import seed_organization

from .conftest import free_port

SPEC = OrgSpec(accounts=1, suspended=0, regions=["us-east-1"], per_kind=1, kinds=["sqs"])
PORT_SECRET = "pS3cr3t-d0-n0t-l3ak-7f3a9"
CLIENT = "client-7f3a9"


def write_config(tmp_path) -> str:
    path = tmp_path / "port-aws.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "aws": {"region_policy": {"allow": ["us-east-1"]}, "max_concurrent_accounts": 2},
                "port": {"client_id": "${PORT_CLIENT_ID}", "client_secret": "${PORT_CLIENT_SECRET}"},
            }
        )
    )
    return str(path)


@pytest.fixture
def emulator():
    with EmulatorServer(EmulatorSettings(client_id=CLIENT, client_secret=PORT_SECRET)) as server:
        yield server


@pytest.fixture
def synced_once(aws, emulator, dagster_home, tmp_path, monkeypatch, capsys):
    seed_organization(SPEC)
    monkeypatch.setenv("PORT_BASE_URL", emulator.url)
    monkeypatch.setenv("PORT_CLIENT_ID", CLIENT)
    monkeypatch.setenv("PORT_CLIENT_SECRET", PORT_SECRET)
    config = write_config(tmp_path)
    code = main(["sync", "--config", config, "--parallel", "1"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    return config, out.out + out.err


def entity_count(emulator) -> int:
    import requests

    return sum(requests.get(f"{emulator.url}/_emulator/stats", timeout=5).json()["entities_by_blueprint"].values())


def sync_output(config, capsys) -> tuple[int, str, float]:
    started = time.monotonic()
    code = main(["sync", "--config", config, "--parallel", "1"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err, out.err
    return code, out.out, time.monotonic() - started


def assert_cause_and_fix_last(output: str, cause: str):
    """The summary (stdout) ends with cause, fix and where to look next; progress went to stderr."""
    tail = [line for line in output.strip().splitlines() if line.strip()][-3:]
    assert tail[0].startswith("cause: ") and cause in tail[0], output
    assert tail[1].startswith("fix: ") and tail[2] == "run: port-aws-pipeline doctor", output
    assert "Traceback" not in output and "answered 0" not in output


def test_a_wrong_port_secret_fails_fast_with_the_cause_and_deletes_nothing(synced_once, emulator, monkeypatch, capsys):
    config, _ = synced_once
    before = entity_count(emulator)
    monkeypatch.setenv("PORT_CLIENT_SECRET", "wrong-secret")
    code, output, seconds = sync_output(config, capsys)
    assert code == 1 and seconds < 45
    assert_cause_and_fix_last(output, "Port rejected the client credentials (401)")
    assert entity_count(emulator) == before


def test_an_unreachable_port_api_fails_within_the_bounded_retry(synced_once, emulator, monkeypatch, capsys):
    config, _ = synced_once
    before = entity_count(emulator)
    monkeypatch.setenv("PORT_BASE_URL", f"http://127.0.0.1:{free_port()}")
    code, output, seconds = sync_output(config, capsys)
    assert code == 1 and seconds < 120
    assert_cause_and_fix_last(output, "cannot reach the Port API")
    assert entity_count(emulator) == before


def test_missing_aws_credentials_fail_fast_with_the_cause(aws, emulator, dagster_home, tmp_path, monkeypatch, capsys):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("PORT_BASE_URL", emulator.url)
    monkeypatch.setenv("PORT_CLIENT_ID", CLIENT)
    monkeypatch.setenv("PORT_CLIENT_SECRET", PORT_SECRET)
    code, output, seconds = sync_output(write_config(tmp_path), capsys)
    assert code == 1 and seconds < 45
    assert_cause_and_fix_last(output, "no AWS credentials were found")


def test_no_secret_is_written_to_the_instance_or_printed(synced_once, emulator, dagster_home):
    _, output = synced_once
    secrets = [PORT_SECRET, *emulator.issued_tokens()]
    assert len(secrets) >= 2
    # The member-role session credentials moto issued: keys start with ASIA / FSIA; their secrets are random.
    leaks = []
    for path in Path(dagster_home).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            leaks += [f"{path}: {s[:6]}..." for s in secrets if s.encode() in data]
            if b"SecretAccessKey" in data or b"SessionToken" in data or b"aws_secret_access_key" in data:
                leaks.append(f"{path}: AWS session credentials")
    leaks += [f"CLI output: {s[:6]}..." for s in secrets if s in output]
    assert leaks == []
