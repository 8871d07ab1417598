"""Shared by the SES kinds (SES v2 API): a NextToken-paged listing, then one Get* call per resource merged over
its list entry, only in the regions where SES v2 exists (elsewhere the read is complete and empty, as aws-v3 skips
those regions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import merge_each
from port_aws_pipeline.kinds.base import pages
from port_aws_pipeline.kinds.base import per_item
from port_aws_pipeline.kinds.base import service_regions
from port_aws_pipeline.kinds.base import without_metadata

#: A resource denied or gone between the list and its Get* call keeps its list fields.
SKIPPABLE = DENIED | {"NotFoundException"}


def read(
    clients: ClientProvider,
    ctx: ReadContext,
    list_call: str,
    key: str,
    get: Callable[[Any, RawItem], dict],
    listed: Callable[[Any], RawItem] = dict,
) -> list[RawItem]:
    """Every `list_call` entry (under `key`; as an item by `listed`) merged with its `get(ses, item)` answer."""
    if ctx.region not in service_regions("sesv2", ctx.partition):
        return []
    ses = clients.client("sesv2", ctx.region)
    items = [listed(entry) for entry in pages(getattr(ses, list_call), key)]
    answers = per_item(lambda item: without_metadata(get(ses, item)), items, tolerated=SKIPPABLE)
    return merge_each(items, answers)
