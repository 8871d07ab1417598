"""Dagster resources: the config file, and what is built from it once per run."""

from __future__ import annotations

from functools import cached_property

import dagster as dg

from port_aws_pipeline.config import AppConfig, load_config, require_port_credentials
from port_aws_pipeline.port.blueprints import load_blueprints
from port_aws_pipeline.port.client import PortClient
from port_aws_pipeline.port.mapping import Mapping, load_mapping


class PipelineSettings(dg.ConfigurableResource):
    """Points at the YAML config (`--config`, else `PORT_AWS_CONFIG`, else ./port-aws.yaml)."""

    config_path: str | None = None

    @cached_property
    def app_config(self) -> AppConfig:
        return load_config(self.config_path)

    @cached_property
    def mapping(self) -> Mapping:
        return load_mapping(self.app_config.mapping)

    @cached_property
    def blueprint_definitions(self) -> list[dict]:
        return load_blueprints(self.app_config.blueprints)

    def port_client(self) -> PortClient:
        require_port_credentials(self.app_config)
        return PortClient(self.app_config.port)
