"""The adapter around Dagster internals is pinned to the version it was verified on."""

import subprocess
import sys

import dagster

from port_aws_pipeline import dagster_compat


def test_adapter_is_verified_for_the_installed_dagster():
    assert dagster.__version__.startswith(dagster_compat.VERIFIED_DAGSTER + "."), (
        f"dagster {dagster.__version__}: re-verify port_aws_pipeline/dagster_compat.py, then bump VERIFIED_DAGSTER"
    )


def test_no_private_dagster_import_outside_the_adapter():
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "TID251", "port_aws_pipeline", "tests"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout


def test_range_tags_are_dagsters_own():
    from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG  # noqa: TID251 - the pin itself
    from dagster._core.storage.tags import ASSET_PARTITION_RANGE_START_TAG  # noqa: TID251 - the pin itself

    assert dagster_compat.range_tags("a", "b") == {
        ASSET_PARTITION_RANGE_START_TAG: "a",
        ASSET_PARTITION_RANGE_END_TAG: "b",
    }
