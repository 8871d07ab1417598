"""`port-aws-pipeline demo`: the whole product on one machine, no cloud account.

moto (server mode) plays AWS, the bundled emulator plays Port, a Dagster instance
under .demo/ records the runs; `--ui` leaves `dagster dev` up to browse them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests
import yaml

DEMO_DIR = Path(".demo")
DEMO_REGIONS = ["us-east-1", "eu-west-1"]
DEMO_CLIENT_ID, DEMO_CLIENT_SECRET = "demo-client-id", "demo-client-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up within {seconds:.0f}s")


@contextmanager
def moto_server():
    """moto in server mode on loopback; default AMIs off (they cost ~100 ms per account x region)."""
    port = free_port()
    env = {**os.environ, "MOTO_EC2_LOAD_DEFAULT_AMIS": "false"}
    env.pop("MOTO_ACCOUNT_ID", None)  # it would pin every call, assumed roles included, to one account
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/moto-api/")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def demo_environment(moto_url: str, port_url: str, config_path: Path) -> dict[str, str]:
    return {
        "AWS_ENDPOINT_URL": moto_url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "PORT_BASE_URL": port_url,
        "PORT_CLIENT_ID": DEMO_CLIENT_ID,
        "PORT_CLIENT_SECRET": DEMO_CLIENT_SECRET,
        "PORT_AWS_CONFIG": str(config_path.resolve()),
        "DAGSTER_HOME": str((DEMO_DIR / "dagster_home").resolve()),
    }


def write_demo_config(path: Path) -> None:
    path.write_text(yaml.safe_dump({
        "aws": {"member_role_name": "PortOceanReadRole", "region_policy": {"allow": DEMO_REGIONS, "deny": []}},
        "port": {"client_id": "${PORT_CLIENT_ID}", "client_secret": "${PORT_CLIENT_SECRET}"},
    }, sort_keys=False))


def catalog_counts(port_url: str) -> dict[str, int]:
    stats = requests.get(f"{port_url}/_emulator/stats", timeout=5).json()
    return stats.get("entities_by_blueprint", {})


def run_demo(keep_running: bool = False, accounts: int = 4) -> int:
    from port_aws_pipeline.summary import format_summary
    from port_aws_pipeline.config import load_config
    from port_aws_pipeline.devtools.port_emulator import EmulatorServer, EmulatorSettings
    from port_aws_pipeline.devtools.seeding import OrgSpec, seed_organization
    from port_aws_pipeline.sync import run_sync

    DEMO_DIR.mkdir(exist_ok=True)
    config_path = DEMO_DIR / "port-aws.yaml"
    write_demo_config(config_path)
    emulator_settings = EmulatorSettings(client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET)
    with moto_server() as moto_url, EmulatorServer(emulator_settings) as port_server:
        os.environ.update(demo_environment(moto_url, port_server.url, config_path))
        print(f"AWS emulator (moto server): {moto_url}\nPort emulator: {port_server.url}", flush=True)
        print(f"seeding a demo organization: {accounts} member accounts + 1 suspended, nested OUs, regions {DEMO_REGIONS} ...", flush=True)
        org = seed_organization(OrgSpec(accounts=accounts, regions=DEMO_REGIONS, per_kind=2))
        for account in org.accounts:
            print(f"  {account.id}  {account.name:<8} {account.ou_path:<22} {account.status}")
        summary = run_sync(load_config(config_path), str(config_path), parallel=2)
        print(format_summary(summary))
        print("\nPort catalog (emulator) now holds:")
        for blueprint, count in sorted(catalog_counts(port_server.url).items()):
            print(f"  {blueprint:<20} {count}")
        print(f"\nDagster runs are recorded in {os.environ['DAGSTER_HOME']}.")
        if not keep_running:
            print("Run `make demo-ui` (or `port-aws-pipeline demo --ui`) to browse them in the Dagster UI.")
            return 0 if summary.ok else 1
        return serve_ui()


def serve_ui() -> int:
    """`dagster dev` on the demo instance, with both emulators kept alive until Ctrl-C."""
    ui_port = os.environ.get("DAGSTER_UI_PORT", "3000")
    print(f"\nDagster UI: http://127.0.0.1:{ui_port}  (Ctrl-C stops the UI and the emulators)", flush=True)
    workspace = Path(__file__).resolve().parent.parent / "workspace.yaml"
    command = [sys.executable, "-m", "dagster", "dev", "-h", "127.0.0.1", "-p", ui_port]
    command += ["-w", str(workspace)] if workspace.exists() else ["-m", "port_aws_pipeline.definitions"]
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0
