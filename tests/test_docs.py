"""The README's kinds table is generated from the registry; it must be current."""

from pathlib import Path

from port_aws_pipeline.devtools.kinds_table import BEGIN
from port_aws_pipeline.devtools.kinds_table import updated
from port_aws_pipeline.kinds import registered_kinds

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_kinds_table_is_current():
    text = README.read_text()
    assert BEGIN in text
    assert updated(text) == text, "run: python -m port_aws_pipeline.devtools.kinds_table --update README.md"
    for name in registered_kinds():
        assert f"`{name}`" in text
