"""Real AWS region names, from botocore's own partition data (no network, no credentials).

A leaf module: config validation and the region logic in `aws/` both use it.
"""

from __future__ import annotations

import difflib
from functools import cache

import botocore
import botocore.session

GLOBAL_REGION = "global"


@cache
def known_regions() -> frozenset[str]:
    """Every region of every partition botocore knows (aws, aws-cn, aws-us-gov, ...)."""
    endpoints = botocore.session.get_session().get_data("endpoints")
    return frozenset(r for p in endpoints["partitions"] for r in p.get("regions", {}))


def closest_region(name: str) -> str | None:
    matches = difflib.get_close_matches(name.strip().lower(), sorted(known_regions()), n=1, cutoff=0.6)
    return matches[0] if matches else None


def region_problem(key: str, value: object, *, allow_global: bool = False) -> str | None:
    """One actionable line when `value` is not a region name, else None."""
    if allow_global and value == GLOBAL_REGION:
        return None
    if isinstance(value, str) and value in known_regions():
        return None
    guess = closest_region(str(value))
    hint = f"did you mean {guess}?" if guess else "use a name like eu-west-1"
    where = f"{key}: " if key else ""
    return (
        f"{where}{value!r} is not an AWS region ({hint}); region names come from botocore "
        f"{botocore.__version__}, so upgrade boto3 if the region is newer"
    )
