"""What `dagster dev` / `workspace.yaml` load: everything built here, from ONE config load.

A bad config fails the code location load with the same one-line-per-problem message
the CLI prints, instead of silently falling back to defaults.
"""

from __future__ import annotations

import os

import dagster as dg

from port_aws_pipeline.assets import build_assets
from port_aws_pipeline.assets import build_jobs
from port_aws_pipeline.config import CONFIG_ENV_VAR
from port_aws_pipeline.config import AppConfig
from port_aws_pipeline.config import load_config
from port_aws_pipeline.resources import PipelineSettings
from port_aws_pipeline.resources import PortResource
from port_aws_pipeline.schedules import build_resync_schedule
from port_aws_pipeline.sensors import build_organization_sensor
from port_aws_pipeline.storage import io_manager_from_config


def build_definitions(config: AppConfig, config_path: str | None = None) -> dg.Definitions:
    assets = build_assets(config.run.max_partitions_per_run)
    return dg.Definitions(
        assets=assets,
        jobs=build_jobs(),
        sensors=[build_organization_sensor(config.resync.sensor_interval_seconds, assets)],
        schedules=[build_resync_schedule(config.resync.cron, assets)],
        resources={
            "settings": PipelineSettings(config_path=config_path),
            "port": PortResource.from_settings(config.port),
            "io_manager": io_manager_from_config(config),
        },
    )


@dg.definitions
def defs() -> dg.Definitions:
    config_path = os.environ.get(CONFIG_ENV_VAR)
    return build_definitions(load_config(config_path, require_file=True), config_path)
