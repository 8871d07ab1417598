"""Shared by the CodePipeline kinds: pipelines with their GetPipeline answer, and the bounded execution history.

Pipeline, Stage and Action all come from ListPipelines + one GetPipeline per pipeline
(no batch call exists). aws-v3 reads every execution CodePipeline keeps (12 months, no
bound); here PipelineExecution and ActionExecution read, per pipeline, the executions
started in the last `LOOKBACK_DAYS`, at most the `MAX_EXECUTIONS_PER_PIPELINE` most recent
(ListPipelineExecutions lists the most recent first). Action executions are read for
exactly those executions, so each one's pipeline execution is read too.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import error_code
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import per_item
from port_aws_pipeline.kinds.base import without_metadata

LOOKBACK_DAYS = 30
MAX_EXECUTIONS_PER_PIPELINE = 25
WORKERS = 8
#: One pipeline or execution deleted between the list and the next call: skipped.
GONE = {"PipelineNotFoundException", "PipelineExecutionNotFoundException", "ResourceNotFoundException"}
#: An enrichment call (GetPipeline for the Pipeline kind, its tags, GetPipelineExecution) denied for one item
#: leaves its fields out. A denied listing (executions, action executions, GetPipeline for stages and actions)
#: fails the kind instead, so it never reads as empty.
SKIPPABLE = GONE | DENIED


def list_pipelines(codepipeline) -> list[dict]:
    return paginate(codepipeline, "list_pipelines", "pipelines")


def get_pipelines(codepipeline, summaries: list[dict], denied_ok: bool) -> list[tuple[dict, dict | None]]:
    """(summary, GetPipeline answer) in list order; a pipeline deleted since the list is left out. A denied
    GetPipeline gives None with `denied_ok`, else fails the read."""
    gone = object()

    def get(summary: dict):
        try:
            answer = codepipeline.get_pipeline(name=summary["name"])
        except ClientError as exc:
            if error_code(exc) in GONE:
                return gone
            if denied_ok and error_code(exc) in DENIED:
                return None
            raise
        return without_metadata(answer)

    answers = per_item(get, summaries, workers=WORKERS, tolerated=())
    return [(s, a) for s, a in zip(summaries, answers, strict=True) if a is not gone]


def pipelines_with_details(codepipeline) -> list[tuple[dict, dict]]:
    """(summary, GetPipeline answer) of every pipeline still there."""
    return get_pipelines(codepipeline, list_pipelines(codepipeline), denied_ok=False)


def recent_executions(codepipeline, pipeline_name: str, now: datetime | None = None) -> list[dict]:
    """The pipeline's most recent execution summaries started in the last LOOKBACK_DAYS (newest first)."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=LOOKBACK_DAYS)
    kept: list[dict] = []
    try:
        pages = codepipeline.get_paginator("list_pipeline_executions").paginate(
            pipelineName=pipeline_name, PaginationConfig={"PageSize": MAX_EXECUTIONS_PER_PIPELINE}
        )
        for page in pages:
            for summary in page.get("pipelineExecutionSummaries", []):
                started = summary.get("startTime")
                if started is not None and started < cutoff:
                    return kept
                kept.append(summary)
                if len(kept) >= MAX_EXECUTIONS_PER_PIPELINE:
                    return kept
    except ClientError as exc:
        if error_code(exc) in GONE:
            return kept
        raise
    return kept


def recent_executions_by_pipeline(codepipeline, now: datetime | None = None) -> list[tuple[str, list[dict]]]:
    """(pipeline name, its recent execution summaries) for every pipeline."""
    names = [p["name"] for p in list_pipelines(codepipeline)]
    executions = per_item(lambda name: recent_executions(codepipeline, name, now), names, workers=WORKERS, tolerated=())
    return list(zip(names, executions, strict=True))
