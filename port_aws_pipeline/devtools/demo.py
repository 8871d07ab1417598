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
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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
    path.write_text(
        yaml.safe_dump(
            {
                "aws": {"member_role_name": "PortOceanReadRole", "region_policy": {"allow": DEMO_REGIONS, "deny": []}},
                "port": {"client_id": "${PORT_CLIENT_ID}", "client_secret": "${PORT_CLIENT_SECRET}"},
            },
            sort_keys=False,
        )
    )


def catalog_counts(port_url: str) -> dict[str, int]:
    stats = requests.get(f"{port_url}/_emulator/stats", timeout=5).json()
    return stats.get("entities_by_blueprint", {})


def environment_lines(env: dict[str, str]) -> list[str]:
    return [f"export {key}={value}" for key, value in env.items()]


def run_demo(keep_running: bool = False, accounts: int = 4, ui: bool = False) -> int:
    from port_aws_pipeline.config import load_config
    from port_aws_pipeline.devtools.port_emulator import EmulatorServer
    from port_aws_pipeline.devtools.port_emulator import EmulatorSettings
    from port_aws_pipeline.devtools.seeding import MANAGEMENT_ACCOUNT
    from port_aws_pipeline.devtools.seeding import OrgSpec
    from port_aws_pipeline.devtools.seeding import seed_organization
    from port_aws_pipeline.summary import format_summary
    from port_aws_pipeline.sync import run_sync

    DEMO_DIR.mkdir(exist_ok=True)
    config_path = DEMO_DIR / "port-aws.yaml"
    write_demo_config(config_path)
    emulator_settings = EmulatorSettings(client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET)
    with moto_server() as moto_url, EmulatorServer(emulator_settings) as port_server:
        env = demo_environment(moto_url, port_server.url, config_path)
        os.environ.update(env)
        print(f"AWS emulator (moto server): {moto_url}\nPort emulator: {port_server.url}", flush=True)
        print(
            f"seeding a demo organization: {accounts} member accounts + 1 suspended, nested OUs, "
            f"regions {DEMO_REGIONS} ...",
            flush=True,
        )
        org = seed_organization(OrgSpec(accounts=accounts, regions=DEMO_REGIONS, per_kind=2))
        print(f"  {MANAGEMENT_ACCOUNT}  {'(management account: synced too)':<31} Root")
        for account in org.accounts:
            note = "SUSPENDED: never synced, by design" if account.status != "ACTIVE" else account.status
            print(f"  {account.id}  {account.name:<8} {account.ou_path:<22} {note}")
        summary = run_sync(load_config(config_path), str(config_path), parallel=2)
        print(format_summary(summary))
        print("\nPort catalog (emulator) now holds:")
        for blueprint, count in sorted(catalog_counts(port_server.url).items()):
            print(f"  {blueprint:<28} {count}")
        print(f"\nDagster runs are recorded in {env['DAGSTER_HOME']}.")
        print("Browse them: make demo-ui  (the Dagster UI on this demo's runs, http://127.0.0.1:3000)")
        if ui:
            return serve_ui(with_daemon=True)
        if keep_running:
            print("\nThe emulators stay up until Ctrl-C. In another shell, run sync / doctor against them:")
            print("\n".join(environment_lines(env)))
            print("port-aws-pipeline doctor && port-aws-pipeline sync")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return 0
        print("Keep the emulators running to try `sync` / `doctor` on them: port-aws-pipeline demo --keep")
        return 0 if summary.ok else 1


def serve_ui(with_daemon: bool = False) -> int:
    """The Dagster UI on the demo instance. Without the emulators (after `make demo`) only the webserver
    runs: the runs can be browsed, and no sensor or schedule ticks against endpoints that are gone."""
    ui_port = os.environ.get("DAGSTER_UI_PORT", "3000")
    home = (DEMO_DIR / "dagster_home").resolve()
    if not home.exists():
        print("No demo has been run yet: run `make demo` first.", file=sys.stderr)
        return 2
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "PORT_AWS_CONFIG": str((DEMO_DIR / "port-aws.yaml").resolve()),
        "PYTHONWARNINGS": "ignore::DeprecationWarning,ignore::UserWarning",
    }
    if not with_daemon:
        # The emulators are gone: point both APIs at a closed loopback port, never at real AWS or Port,
        # so a click on "Materialize" fails fast instead of reaching a cloud account.
        dead = f"http://127.0.0.1:{free_port()}"
        env.update(
            {
                "AWS_ENDPOINT_URL": dead,
                "AWS_ACCESS_KEY_ID": "demo",
                "AWS_SECRET_ACCESS_KEY": "demo",
                "AWS_DEFAULT_REGION": "us-east-1",
                "PORT_BASE_URL": dead,
                "PORT_CLIENT_ID": DEMO_CLIENT_ID,
                "PORT_CLIENT_SECRET": DEMO_CLIENT_SECRET,
            }
        )
    print(f"\nDagster UI: http://127.0.0.1:{ui_port}  (Ctrl-C stops it)", flush=True)
    workspace = Path(__file__).resolve().parents[2] / "workspace.yaml"
    target = ["-w", str(workspace)] if workspace.exists() else ["-m", "port_aws_pipeline.definitions"]
    if with_daemon:
        command = [sys.executable, "-m", "dagster", "dev", "-h", "127.0.0.1", "-p", ui_port, *target]
    else:
        command = [sys.executable, "-m", "dagster_webserver", "-h", "127.0.0.1", "-p", ui_port, *target]
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0
