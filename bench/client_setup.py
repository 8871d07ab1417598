"""Micro-benchmark: CPU seconds and memory to set up one account's session and clients.

    .venv/bin/python bench/client_setup.py [--accounts 10] [--regions 3]

For each mode, in a fresh child process: N accounts one after the other, each with a new
botocore session and boto3 session (static keys: nothing goes over the network; client
creation is all local work) and the clients one account's sync creates in this benchmark's
default mapping: discovery's `sts`, `account`, `ec2` in the home region, then per region
`ec2`, `ecs`, `lambda`, `sqs`, `resourcegroupstaggingapi`, plus `s3` in every region (the
`global` key's per-bucket-region clients) and `sts` for the AssumeRole.

* `fresh`: `botocore.session.Session()` per account, as the pipeline did before 2026-12-04
  (every session parses the service models again);
* `shared`: `port_aws_pipeline.aws.sessions.new_botocore_session()` (one data loader per process).

The first account pays the cold model load in both modes; the steady state is the median of
the others. RSS is the child's VmRSS after all accounts, with every account's clients kept alive
(as a worker that holds 8 accounts at once does).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REGIONS = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-1", "eu-central-1", "ap-northeast-1"]
REGIONAL = ["ec2", "ecs", "lambda", "sqs", "resourcegroupstaggingapi"]


def _rss_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _one_mode(mode: str, accounts: int, regions: list[str], out) -> None:
    import boto3
    import botocore.session

    from port_aws_pipeline.aws.sessions import CLIENT_CONFIG
    from port_aws_pipeline.aws.sessions import new_botocore_session

    rss_start = _rss_mib()
    kept, per_account = [], []
    for n in range(accounts):
        started = time.process_time()
        core = botocore.session.Session() if mode == "fresh" else new_botocore_session()
        session = boto3.Session(botocore_session=core, aws_access_key_id=f"AKIA{n:016d}", aws_secret_access_key="x",
                                aws_session_token="t", region_name="us-east-1")  # fmt: skip
        clients = [session.client(s, region_name="us-east-1", config=CLIENT_CONFIG) for s in ("sts", "account", "ec2")]
        for region in regions:
            clients += [session.client(s, region_name=region, config=CLIENT_CONFIG) for s in REGIONAL + ["s3"]]
        per_account.append(time.process_time() - started)
        kept.append(clients)
    out.send(
        {
            "mode": mode,
            "accounts": accounts,
            "clients_per_account": len(kept[0]),
            "first_account_cpu_s": round(per_account[0], 3),
            "steady_cpu_s_per_account": round(statistics.median(per_account[1:] or per_account), 3),
            "rss_growth_mib": round(_rss_mib() - rss_start, 1),
        }
    )


def measure(mode: str, accounts: int, regions: list[str]) -> dict:
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    proc = context.Process(target=_one_mode, args=(mode, accounts, regions, child))
    proc.start()
    result = parent.recv()
    proc.join()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=10)
    parser.add_argument("--regions", type=int, default=3, help=f"1..{len(REGIONS)}")
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args(argv)
    results = [measure(mode, args.accounts, REGIONS[: args.regions]) for mode in ("fresh", "shared")]
    print("| mode | clients per account | first account CPU s | CPU s per account after | RSS growth MiB |")
    print("|---|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['mode']} | {r['clients_per_account']} | {r['first_account_cpu_s']} | "
              f"{r['steady_cpu_s_per_account']} | {r['rss_growth_mib']} |")  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
