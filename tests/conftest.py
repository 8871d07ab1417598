"""Real parts: moto in server mode over HTTP, the project's Port emulator over HTTP, a real Dagster instance."""

import os
import socket
import subprocess
import sys
import time

import botocore.awsrequest
import pytest
import requests

from port_aws_pipeline.aws import calls
from port_aws_pipeline.devtools.port_emulator import EmulatorServer
from port_aws_pipeline.devtools.port_emulator import EmulatorSettings

CLIENT_ID, CLIENT_SECRET = "test-client", "test-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def moto_url():
    port = free_port()
    env = {**os.environ, "MOTO_EC2_LOAD_DEFAULT_AMIS": "false"}
    env.pop("MOTO_ACCOUNT_ID", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(f"{url}/moto-api/", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def aws(moto_url, monkeypatch):
    """A wiped moto server and env that points boto3 at it with throwaway keys."""
    requests.post(f"{moto_url}/moto-api/reset", timeout=120)  # slow when every backend holds state
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    return moto_url


@pytest.fixture
def port_emulator():
    with EmulatorServer(EmulatorSettings(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)) as server:
        yield server


@pytest.fixture
def port_env(port_emulator, monkeypatch):
    monkeypatch.setenv("PORT_BASE_URL", port_emulator.url)
    monkeypatch.setenv("PORT_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("PORT_CLIENT_SECRET", CLIENT_SECRET)
    return port_emulator


@pytest.fixture
def dagster_home(tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return home


@pytest.fixture
def client_hooks():
    """botocore `before-call` handlers added to every client the pipeline creates (fault injection)."""
    added = []

    def add(hook):
        calls.CLIENT_HOOKS.append(hook)
        added.append(hook)

    yield add
    for hook in added:
        calls.CLIENT_HOOKS.remove(hook)


def deny_assume_role(account_id):
    """A botocore hook: AssumeRole into `account_id` answers AccessDenied, as a trust policy that omits us would."""

    def handler(model, params, **kwargs):
        body = params.get("body")  # the serialized request: a dict for STS's query protocol
        role_arn = body.get("RoleArn", "") if isinstance(body, dict) else ""
        if model.name == "AssumeRole" and f":{account_id}:" in role_arn:
            response = botocore.awsrequest.AWSResponse("https://sts", 403, {}, None)
            error = {"Code": "AccessDenied", "Message": f"not authorized to perform sts:AssumeRole on {role_arn}"}
            return response, {"Error": error}
        return None

    return handler
