"""The package's layers point one way: no import cycle anywhere (function-level imports included),
kinds never import the orchestration, and the runtime never imports the developer tools."""

import ast
from graphlib import CycleError
from graphlib import TopologicalSorter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "port_aws_pipeline"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                base = node.module
                if node.level:
                    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
                    for _ in range(node.level - 1):
                        package = package.rsplit(".", 1)[0]
                    base = f"{package}.{node.module}"
                submodules = {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules}
                targets |= submodules
                if len(submodules) < len(node.names):  # names defined in the module itself
                    targets.add(base)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def test_no_import_cycles():
    try:
        list(TopologicalSorter(imports()).static_order())
    except CycleError as exc:
        raise AssertionError(f"import cycle: {' -> '.join(exc.args[1])}") from None


def reachable(graph, start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_kinds_depend_only_on_their_base():
    graph = imports()
    for name, targets in graph.items():
        if name.startswith("port_aws_pipeline.kinds"):
            outside = {t for t in targets if not t.startswith("port_aws_pipeline.kinds")}
            assert outside == set(), f"{name} imports {outside}"


def test_the_runtime_never_imports_the_developer_tools():
    graph = imports()
    runtime = ["port_aws_pipeline.definitions", "port_aws_pipeline.sync", "port_aws_pipeline.doctor"]
    for start in runtime:
        assert not {m for m in reachable(graph, start) if ".devtools" in m}, start
