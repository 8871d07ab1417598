"""The default blueprints and mapping, one fragment per kind under `kinds/`.

A fragment is `{blueprints: [...], resources: [...]}`; the defaults are all fragments
merged in file-name order, so adding a kind never edits a shared file.
`port-aws-pipeline init --mapping` writes the merged result for users to copy.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def _fragments() -> tuple[dict, ...]:
    folder = resources.files("port_aws_pipeline.defaults").joinpath("kinds")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yml")), key=lambda f: f.name)
    return tuple(yaml.safe_load(f.read_text()) or {} for f in files)


def default_blueprints() -> list[dict]:
    """Every default blueprint, each once (fragments may share one, e.g. awsAccount)."""
    seen: dict[str, dict] = {}
    for fragment in _fragments():
        for blueprint in fragment.get("blueprints") or []:
            seen.setdefault(blueprint["identifier"], blueprint)
    return [dict(b) for b in seen.values()]


def default_port_app_config() -> dict:
    """The default port-app-config: every fragment's resource mappings."""
    return {
        "deleteDependentEntities": False,
        "createMissingRelatedEntities": False,
        "resources": [r for fragment in _fragments() for r in fragment.get("resources") or []],
    }
