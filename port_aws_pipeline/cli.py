"""`port-aws-pipeline`: sync, doctor, demo and the Port emulator.

Expected failures (config, credentials, AWS and Port errors) print one line per
problem and exit non-zero; a traceback means a bug.
"""

from __future__ import annotations

import argparse
import sys

from port_aws_pipeline.config import ConfigError, load_config, require_port_credentials

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


def format_summary(summary) -> str:
    lines = []
    if not summary.organization_ok:
        return f"Organization step failed: {summary.organization_failure}"
    accounts = summary.accounts
    lines.append(
        f"awsAccount entities: {accounts.accounts.upserted} written, {accounts.accounts.unchanged} unchanged; "
        f"departed accounts cleaned up: {', '.join(accounts.departed) or 'none'} ({accounts.departed_entities_deleted} entities deleted)"
    )
    if accounts.blocked:
        lines.append(f"DELETION BLOCKED: {accounts.blocked}")
    header = f"{'account':<14}{'region':<16}{'read':>6}{'written':>9}{'deleted':>9}{'unchanged':>11}{'failures':>10}  status"
    lines += ["", header, "-" * len(header)]
    failures = []
    for p in sorted(summary.partitions, key=lambda p: (p.account_id, p.region)):
        r = p.report
        if r:
            problems = len(r.read_errors) + len(r.write_errors) + len(r.mapping_errors)
            lines.append(f"{p.account_id:<14}{p.region:<16}{sum(r.resources_read.values()):>6}{r.upserted:>9}{r.deleted:>9}{r.unchanged:>11}{problems:>10}  {'ok' if p.ok else 'FAILED'}")
            failures += [e.line() for e in r.read_errors] + [f"account {p.account_id}, region {p.region}: Port rejected {e}" for e in r.write_errors]
            failures += [f"account {p.account_id}, region {p.region}: mapping {e}" for e in r.mapping_errors]
            lines += [f"{'':<30}note: {b}" for b in r.deletion_blocked]
        else:
            lines.append(f"{p.account_id:<14}{p.region:<16}{'-':>6}{'-':>9}{'-':>9}{'-':>11}{1:>10}  FAILED")
            failures.append(f"account {p.account_id}, region {p.region}: {p.failure} (run {p.run_id})")
    totals = [sum(sum(p.report.resources_read.values()) for p in summary.partitions if p.report),
              sum(p.report.upserted for p in summary.partitions if p.report),
              sum(p.report.deleted for p in summary.partitions if p.report)]
    lines.append("-" * len(header))
    lines.append(f"{'total':<30}{totals[0]:>6}{totals[1]:>9}{totals[2]:>9}   in {summary.seconds:.1f}s")
    if summary.removed_partitions:
        lines.append(f"partitions removed for departed accounts: {', '.join(summary.removed_partitions)}")
    if failures or accounts.errors:
        lines += ["", "Failures (entities of these scopes were left untouched):"]
        lines += [f"  - {f}" for f in failures + accounts.errors]
    return "\n".join(lines)


def cmd_sync(args) -> int:
    from port_aws_pipeline.sync import run_sync

    config = load_config(args.config)
    require_port_credentials(config)
    summary = run_sync(config, args.config, accounts=args.account, regions=args.region, parallel=args.parallel)
    print(format_summary(summary))
    print("\nRuns are in the Dagster instance at $DAGSTER_HOME; browse them with `dagster dev -w workspace.yaml`.")
    return EXIT_OK if summary.ok else EXIT_FAILED


def cmd_doctor(args) -> int:
    from port_aws_pipeline.doctor import run_doctor_cli

    return run_doctor_cli(load_config(args.config), config_path=args.config, as_json=args.json,
                          interactive=args.interactive, problem=args.problem)


def cmd_port_emulator(args) -> int:
    from port_aws_pipeline.devtools.port_emulator import EmulatorSettings, serve_forever

    settings = EmulatorSettings(client_id=args.client_id, client_secret=args.client_secret, rate_limit=args.rate_limit)
    serve_forever(args.host, args.port, settings)
    return EXIT_OK


def cmd_demo(args) -> int:
    from port_aws_pipeline.devtools.demo import run_demo

    return run_demo(keep_running=args.ui, accounts=args.accounts)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="port-aws-pipeline", description="Sync an AWS Organization into Port, on Dagster.")
    sub = parser.add_subparsers(dest="command", required=True)

    sync = sub.add_parser("sync", help="discover accounts and sync every account x region partition now")
    sync.add_argument("--config", help="config file (default: $PORT_AWS_CONFIG, else ./port-aws.yaml)")
    sync.add_argument("--account", action="append", default=[], metavar="ID", help="only this account (repeatable)")
    sync.add_argument("--region", action="append", default=[], metavar="NAME", help="only this region, or 'global' (repeatable)")
    sync.add_argument("--parallel", type=int, default=4, metavar="N", help="partitions synced at once (default 4)")
    sync.set_defaults(handler=cmd_sync)

    doctor = sub.add_parser("doctor", help="check credentials, roles, regions, reads and Port access step by step")
    doctor.add_argument("--config", help="config file (default: $PORT_AWS_CONFIG, else ./port-aws.yaml)")
    doctor.add_argument("--json", action="store_true", help="print a machine-readable report")
    doctor.add_argument("--interactive", action="store_true", help="ask what is wrong and run only the checks that matter")
    doctor.add_argument("--problem", metavar="NAME", help="answer --interactive's question without asking: accounts-missing, "
                        "resources-missing, auth-errors, entities-not-deleted, sync-slow")
    doctor.set_defaults(handler=cmd_doctor)

    emulator = sub.add_parser("port-emulator", help="run the local Port API emulator")
    emulator.add_argument("--host", default="127.0.0.1")
    emulator.add_argument("--port", type=int, default=5555)
    emulator.add_argument("--client-id", default="demo-client-id")
    emulator.add_argument("--client-secret", default="demo-client-secret")
    emulator.add_argument("--rate-limit", type=int, default=None, help="requests per second before 429")
    emulator.set_defaults(handler=cmd_port_emulator)

    demo = sub.add_parser("demo", help="seed a local AWS emulator with a demo organization and sync it into a local Port emulator")
    demo.add_argument("--ui", action="store_true", help="leave the emulators and `dagster dev` running afterwards")
    demo.add_argument("--accounts", type=int, default=4, help="member accounts in the demo organization")
    demo.set_defaults(handler=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except ConfigError as exc:
        print("Configuration problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
