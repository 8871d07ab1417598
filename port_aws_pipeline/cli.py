"""`port-aws-pipeline`: init, sync, doctor, iam-policy, demo and the Port emulator.

Expected failures (config, credentials, AWS and Port errors) end with one line of cause,
one of fix and `run: port-aws-pipeline doctor`, and exit non-zero; a traceback is printed
only with --verbose (the full trace of a run stays in the Dagster event log).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from importlib import metadata
from importlib import resources
from pathlib import Path

from port_aws_pipeline.config import ACCOUNT_ID_PATTERN
from port_aws_pipeline.config import DEFAULT_CONFIG_PATH
from port_aws_pipeline.config import ConfigError
from port_aws_pipeline.config import load_config
from port_aws_pipeline.config import require_port_credentials
from port_aws_pipeline.failures import diagnose
from port_aws_pipeline.region_names import region_problem
from port_aws_pipeline.summary import failure_tail
from port_aws_pipeline.summary import format_summary

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


def version() -> str:
    try:
        return metadata.version("port-aws-pipeline")
    except metadata.PackageNotFoundError:
        return "unknown"


def validate_selection(accounts: list[str], regions: list[str]) -> None:
    """--account / --region values are checked before anything is touched."""
    problems = [f"--account {a!r}: not a 12-digit AWS account id" for a in accounts if not ACCOUNT_ID_PATTERN.match(a)]
    problems += [p for r in regions if (p := region_problem(f"--region {r!r}", r, allow_global=True))]
    if problems:
        raise ConfigError(problems)


def cmd_init(args) -> int:
    """Write a commented starter config (and the Dagster workspace/instance files) without overwriting."""
    templates = resources.files("port_aws_pipeline.templates")
    targets = {Path(args.path): "port-aws.yaml"}
    if args.dagster_files:
        targets |= {Path("workspace.yaml"): "workspace.yaml", Path("dagster.yaml"): "dagster.yaml"}
    existing = [str(t) for t in targets if t.exists() and not args.force]
    if existing:
        raise ConfigError([f"{path}: already exists; pass --force to overwrite it" for path in existing])
    for target, name in targets.items():
        target.write_text(templates.joinpath(name).read_text())
        print(f"wrote {target}")
    if args.mapping:
        import yaml

        from port_aws_pipeline.defaults import default_blueprints
        from port_aws_pipeline.defaults import default_port_app_config

        Path(args.mapping).write_text(yaml.safe_dump(default_port_app_config(), sort_keys=False, width=140))
        blueprints = Path(args.mapping).with_name("blueprints.yml")
        blueprints.write_text(yaml.safe_dump(default_blueprints(), sort_keys=False, width=140))
        print(f"wrote {args.mapping} and {blueprints} (set mapping: / blueprints: to use them)")
    print(f"next: edit {args.path}, export PORT_CLIENT_ID and PORT_CLIENT_SECRET, then run: port-aws-pipeline doctor")
    return EXIT_OK


def cmd_sync(args) -> int:
    from port_aws_pipeline.sync import run_sync

    validate_selection(args.account, args.region)
    if args.verbose:
        os.environ.setdefault("PORT_AWS_LOG_LEVEL", "INFO")
    config = load_config(args.config, require_file=True)
    require_port_credentials(config)
    summary = run_sync(config, args.config, accounts=args.account, regions=args.region, parallel=args.parallel)
    if summary.organization_ok and not summary.partitions and (args.account or args.region):
        raise ConfigError(
            [
                f"--account {args.account or 'any'} / --region {args.region or 'any'}: matches no "
                "discovered account x region; check the ids against `port-aws-pipeline doctor`"
            ]
        )
    print("Runs are in the Dagster instance at $DAGSTER_HOME; browse them with `dagster dev -w workspace.yaml`.\n")
    print(format_summary(summary))
    return EXIT_OK if summary.ok else EXIT_FAILED


def cmd_doctor(args) -> int:
    from port_aws_pipeline.doctor import run_doctor_cli

    return run_doctor_cli(
        load_config(args.config, require_file=True),
        config_path=args.config,
        as_json=args.json,
        interactive=args.interactive,
        problem=args.problem,
    )


def cmd_iam_policy(args) -> int:
    from port_aws_pipeline.iam_policy import run

    return run(cloudformation=args.cloudformation, update_templates=args.update_templates)


def cmd_port_emulator(args) -> int:
    from port_aws_pipeline.devtools.port_emulator import EmulatorSettings
    from port_aws_pipeline.devtools.port_emulator import serve_forever

    settings = EmulatorSettings(client_id=args.client_id, client_secret=args.client_secret, rate_limit=args.rate_limit)
    serve_forever(args.host, args.port, settings)
    return EXIT_OK


def cmd_demo(args) -> int:
    from port_aws_pipeline.devtools.demo import run_demo
    from port_aws_pipeline.devtools.demo import serve_ui

    if args.browse:
        return serve_ui(with_daemon=False)
    return run_demo(keep_running=args.keep, accounts=args.accounts, ui=args.ui)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="port-aws-pipeline", description="Sync an AWS Organization into Port, on Dagster."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    parser.add_argument("--verbose", action="store_true", help="print the Python traceback of an unexpected failure")
    sub = parser.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", help="write a commented starter port-aws.yaml (every key, its default, what it does)")
    init.add_argument("--path", default=DEFAULT_CONFIG_PATH, help=f"where to write it (default {DEFAULT_CONFIG_PATH})")
    init.add_argument("--force", action="store_true", help="overwrite existing files")
    init.add_argument("--dagster-files", action="store_true", help="also write workspace.yaml and dagster.yaml here")
    init.add_argument("--mapping", metavar="FILE", help="also write the default mapping (and blueprints.yml) to copy")
    init.set_defaults(handler=cmd_init)

    iam = sub.add_parser("iam-policy", help="print the least-privilege read policy every kind needs (JSON)")
    iam_mode = iam.add_mutually_exclusive_group()
    iam_mode.add_argument("--cloudformation", action="store_true", help="the Action list as YAML for a template")
    iam_mode.add_argument(
        "--update-templates", action="store_true", help="rewrite the read role templates' generated action list"
    )
    iam.set_defaults(handler=cmd_iam_policy)

    sync = sub.add_parser("sync", help="discover accounts and sync every account x region partition now")
    sync.add_argument("--config", help="config file (default: $PORT_AWS_CONFIG, else ./port-aws.yaml)")
    sync.add_argument("--account", action="append", default=[], metavar="ID", help="only this account (repeatable)")
    sync.add_argument(
        "--region", action="append", default=[], metavar="NAME", help="only this region, or 'global' (repeatable)"
    )
    sync.add_argument("--parallel", type=int, default=4, metavar="N", help="partitions synced at once (default 4)")
    sync.add_argument(
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show Dagster's log and the traceback of an unexpected failure",
    )
    sync.set_defaults(handler=cmd_sync)

    doctor = sub.add_parser("doctor", help="check credentials, roles, regions, reads and Port access step by step")
    doctor.add_argument("--config", help="config file (default: $PORT_AWS_CONFIG, else ./port-aws.yaml)")
    doctor.add_argument("--json", action="store_true", help="print a machine-readable report")
    doctor.add_argument(
        "--interactive", action="store_true", help="ask what is wrong and run only the checks that matter"
    )
    doctor.add_argument(
        "--problem",
        metavar="NAME",
        help="answer --interactive's question without asking: accounts-missing, "
        "resources-missing, auth-errors, entities-not-deleted, sync-slow",
    )
    doctor.set_defaults(handler=cmd_doctor)

    emulator = sub.add_parser("port-emulator", help="run the local Port API emulator")
    emulator.add_argument("--host", default="127.0.0.1")
    emulator.add_argument("--port", type=int, default=5555)
    emulator.add_argument("--client-id", default="demo-client-id")
    emulator.add_argument("--client-secret", default="demo-client-secret")
    emulator.add_argument("--rate-limit", type=int, default=None, help="requests per second before 429")
    emulator.set_defaults(handler=cmd_port_emulator)

    demo = sub.add_parser(
        "demo", help="seed a local AWS emulator with a demo organization and sync it into a local Port emulator"
    )
    demo.add_argument(
        "--keep",
        action="store_true",
        help="keep the emulators running and print the environment to run `sync` / `doctor` against them",
    )
    demo.add_argument(
        "--ui", action="store_true", help="keep the emulators and run `dagster dev` (sensor and schedule live)"
    )
    demo.add_argument(
        "--browse", action="store_true", help="open the Dagster UI on the demo that was last run (no re-seed)"
    )
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
    except Exception as exc:  # noqa: BLE001 - the last lines must say why, not where
        if args.verbose:
            traceback.print_exc()
        diagnosis = diagnose(exc)
        print("\n".join(failure_tail(diagnosis.cause, diagnosis.fix)).lstrip("\n"), file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
