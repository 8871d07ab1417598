"""Dagster resources, typed and built in `definitions.py` from the one loaded config.

`PortResource` holds the Port connection with its credentials as `dg.EnvVar` (Dagster
resolves them in the run process and shows only the variable's name in the UI);
`PipelineSettings` points at the config file for what is not a secret (mapping,
blueprints, AWS and safety settings).
"""

from __future__ import annotations

from functools import cached_property

import dagster as dg

from port_aws_pipeline.config import AppConfig, PortSettings, load_config, require_port_credentials
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


class PortResource(dg.ConfigurableResource):
    """The Port API: base URL, credentials (as `dg.EnvVar` wherever the config took them from the environment)."""

    base_url: str
    client_id: str
    client_secret: str
    request_timeout_seconds: float = 30.0
    max_retries: int = 8
    max_requests_per_second: float | None = None

    @classmethod
    def from_settings(cls, port: PortSettings) -> PortResource:
        env = port._credential_env
        return cls(
            base_url=port.base_url,
            client_id=dg.EnvVar(env["client_id"]) if "client_id" in env else port.client_id,
            client_secret=dg.EnvVar(env["client_secret"]) if "client_secret" in env else port.client_secret,
            request_timeout_seconds=port.request_timeout_seconds,
            max_retries=port.max_retries,
            max_requests_per_second=port.max_requests_per_second,
        )

    def client(self) -> PortClient:
        settings = PortSettings(
            base_url=self.base_url,
            client_id=self.client_id,
            client_secret=self.client_secret,
            request_timeout_seconds=self.request_timeout_seconds,
            max_retries=self.max_retries,
            max_requests_per_second=self.max_requests_per_second,
        )
        require_port_credentials(AppConfig(port=settings))
        return PortClient(settings)
