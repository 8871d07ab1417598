"""Token buckets per account x region x service, on a fake clock (no timed test)."""

import pytest

from port_aws_pipeline.aws.limits import FALLBACK_RATE
from port_aws_pipeline.aws.limits import SERVICE_RATES
from port_aws_pipeline.aws.limits import CallRates
from port_aws_pipeline.aws.limits import RateLimits
from port_aws_pipeline.aws.limits import ServiceRate
from port_aws_pipeline.aws.limits import TokenBucket
from port_aws_pipeline.config import AwsSettings


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_a_burst_then_the_rate():
    clock = FakeClock()
    bucket = TokenBucket(rate=10, burst=20, clock=clock, sleep=clock.sleep)
    waits = [bucket.acquire() for _ in range(25)]
    assert waits[:20] == [0.0] * 20
    assert all(abs(w - 0.1) < 1e-9 for w in waits[20:])  # then one call per 1/rate seconds
    clock.now += 10  # idle: tokens refill, capped at the burst
    assert [bucket.acquire() for _ in range(20)] == [0.0] * 20


def test_buckets_are_per_account_region_and_service():
    limits = RateLimits()
    five = ServiceRate.per_second(5)
    a = limits.bucket("111111111111", "eu-west-1", "ec2", five)
    assert limits.bucket("111111111111", "eu-west-1", "ec2", five) is a
    assert limits.bucket("111111111111", "us-east-1", "ec2", five) is not a
    assert limits.bucket("222222222222", "eu-west-1", "ec2", five) is not a
    assert limits.bucket("111111111111", "eu-west-1", "sqs", five) is not a
    assert a.burst == 10
    assert limits.bucket("111111111111", "eu-west-1", "ec2", ServiceRate(20, 100)).burst == 100  # reshaped


def test_each_service_gets_its_documented_limit_unless_configured():
    documented = CallRates(AwsSettings().calls_per_second)
    assert documented.for_service("ec2") == ServiceRate(20, 100) == SERVICE_RATES["ec2"]
    assert documented.for_service("lambda") == ServiceRate(15, 15)
    assert documented.for_service("kafka") == FALLBACK_RATE
    one_number = CallRates(AwsSettings(calls_per_second=4).calls_per_second)
    assert {one_number.for_service(s) for s in ("ec2", "s3", "kafka")} == {ServiceRate(4, 8)}
    mixed = CallRates(AwsSettings(calls_per_second={"s3": 200, "*": 3}).calls_per_second)
    assert mixed.for_service("s3") == ServiceRate(200, 400)
    assert mixed.for_service("ec2") == ServiceRate(3, 6)


@pytest.mark.parametrize(
    ("rates", "message"),
    [
        ({"ec3": 5}, "did you mean ecs?"),
        ({"s3": 0}, "above 0 and at most 1000"),
        ({"*": 5000}, "above 0 and at most 1000"),
        ("fast", "is not a rate: give calls per second as a number"),
    ],
)
def test_bad_rates_are_refused_with_the_fix(rates, message):
    with pytest.raises(ValueError, match=message):
        AwsSettings(calls_per_second=rates)


def test_pipeline_clients_draw_from_their_bucket(aws):
    import boto3

    from port_aws_pipeline.aws.limits import LIMITS
    from port_aws_pipeline.aws.sessions import AwsClients

    clients = AwsClients(
        session=boto3.Session(region_name="us-east-1"),
        account_id="123456789012",
        call_rates=CallRates({"sqs": 7}),
    )
    sqs = clients.client("sqs", "us-east-1")
    for _ in range(3):
        sqs.list_queues()
    bucket = LIMITS.bucket("123456789012", "us-east-1", "sqs", ServiceRate.per_second(7))
    assert bucket.burst - 3 - 0.5 < bucket._tokens < bucket.burst - 3 + 0.5 + 7 * 1.0  # 3 tokens taken (+ refill)
