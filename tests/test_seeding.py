"""The seeders: which run by default, and what the Ocean parity check (bench/ocean_parity.py) relies on them for."""

import json

from port_aws_pipeline.devtools.seeding import OrgSpec
from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import seeders
from port_aws_pipeline.kinds.codedeploy_deployment import KIND as DEPLOYMENT
from port_aws_pipeline.kinds.codepipeline_pipeline_execution import KIND as PIPELINE_EXECUTION
from port_aws_pipeline.kinds.sqs_queue import KIND as QUEUE
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import moto_records

OPT_IN = {"codedeploy_deployments", "codepipeline_executions"}


def context(count: int = 1) -> SeedContext:
    return SeedContext(account_session(ACCOUNT), ACCOUNT, "us-east-1", "t", count, [{"Key": "team", "Value": "a"}])


def test_opt_in_seeders_run_only_when_named():
    default = OrgSpec().selected_kinds()
    assert default == sorted(default) and "sqs_fifo" in default and OPT_IN.isdisjoint(default)
    assert set(default) | OPT_IN == set(seeders())
    assert OrgSpec(kinds=["codedeploy", "codedeploy_deployments"]).selected_kinds() == [
        "codedeploy",
        "codedeploy_deployments",
    ]


def test_fifo_queues_redrive_to_their_dead_letter_queue(aws):
    assert seeders()["sqs_fifo"].seed(context(count=2)) == {"AWS::SQS::Queue": 3}
    queues = {r["Properties"]["QueueArn"].rsplit(":", 1)[1]: r["Properties"] for r in moto_records(QUEUE)}
    assert sorted(queues) == ["t-dead-letters.fifo", "t-orders-0.fifo", "t-orders-1.fifo"]
    orders, dead_letters = queues["t-orders-0.fifo"], queues["t-dead-letters.fifo"]
    assert orders["FifoQueue"] is True and orders["ContentBasedDeduplication"] is True
    assert orders["DeduplicationScope"] == "messageGroup" and orders["FifoThroughputLimit"] == "perMessageGroupId"
    assert orders["KmsMasterKeyId"] == "alias/aws/sqs" and json.loads(orders["Policy"])["Statement"]
    assert json.loads(orders["RedrivePolicy"]) == {
        "deadLetterTargetArn": dead_letters["QueueArn"],
        "maxReceiveCount": 3,
    }


def test_opt_in_seeders_leave_deployments_and_pipeline_executions_to_read(aws):
    ctx = context()
    for name in ("codedeploy", "codedeploy_deployments", "codepipeline", "codepipeline_executions"):
        module = seeders()[name]
        if hasattr(module, "prepare"):
            module.prepare(ctx.session, ACCOUNT)
        module.seed(ctx)
    deployments = [r["Properties"] for r in moto_records(DEPLOYMENT)]
    assert [(d["ApplicationName"], d["DeploymentGroupName"]) for d in deployments] == [("t-app-0", "web")]
    assert [r["Properties"]["PipelineName"] for r in moto_records(PIPELINE_EXECUTION)] == ["t-pipeline-0"]
