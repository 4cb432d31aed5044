"""Hostile and odd input: one clear message each, bounded memory, never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorkit.cli import main
from mentorkit.load.source import Source
from mentorkit.load.tables import validate_table
from mentorkit.load.validate import validate_source
from mentorkit.load.yaml_file import load_yaml_file
from mentorkit.load.yaml_parse import parse_yaml
from mentorkit.model.kinds import KINDS

from .conftest import FIXTURES, REPO, copy_fixture

CORPUS = FIXTURES / "bad-input"
MANIFEST = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))


def _plant(site, name: str, case: dict) -> None:
    target = site.path(case["target"])
    target.parent.mkdir(parents=True, exist_ok=True)
    if "huge" in case:
        with open(target, "wb") as handle:
            handle.truncate(case["huge"])  # sparse: no disk, no time
    else:
        shutil.copy(CORPUS / name, target)


@pytest.mark.parametrize("name", list(MANIFEST))
def test_bad_input_corpus_case(site, capsys, name):
    case = MANIFEST[name]
    _plant(site, name, case)

    code = main(["check", "--content-root", str(site.root)])

    err = capsys.readouterr().err
    messages = [line for line in err.splitlines() if not line.startswith("checked ")]
    assert "Traceback" not in err
    if case["expect"] == "ok":
        assert (code, messages) == (0, [])
    else:
        assert code == 1
        assert messages == [case["expect"]]
        assert messages[0].startswith(case["target"] + ":"), "names the file and line"


@pytest.mark.parametrize("name", ["billion-laughs.yaml", "huge-200mb", "huge-csv"])
def test_bombs_and_huge_files_fail_fast_in_bounded_memory(tmp_path, name):
    site = copy_fixture("minimal", tmp_path / "site")
    _plant(site, name, MANIFEST[name])
    probe = (
        "import sys\n"
        "from mentorkit.cli import main\n"
        f"code = main(['check', '--content-root', {str(site.root)!r}])\n"
        # VmHWM is this process's own peak; ru_maxrss would include pytest's, inherited at fork.
        "peak = int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024\n"
        "print(f'{code} {peak:.0f}', file=sys.stdout)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=REPO)
    code, peak_mb = result.stdout.split()
    assert code == "1"
    assert float(peak_mb) < 200, f"peak memory {peak_mb} MB"


# Property tests: whatever bytes arrive, the loader answers with problems, not exceptions.

MENTOR = next(k for k in KINDS if k.name == "mentor")
YAMLISH = st.lists(
    st.sampled_from(list("ab:- \n\t\"'[]{}&*!|>#%@`,?012\\xé") + ["\r\n", "\ufeff", "---", "...", "\x01", "  "]),
    max_size=80,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(YAMLISH, st.text(max_size=200)))
def test_no_text_makes_the_loader_raise(text):
    source = Source(path=Path("x.yaml"), rel="x.yaml")
    try:
        problems = parse_yaml(text, source)
    except RecursionError:
        pytest.skip("covered by load_yaml_file")
    if source.data is not None and not problems:
        validate_source(MENTOR.model, source, {})


@settings(max_examples=150, deadline=None)
@given(raw=st.binary(max_size=300), front_matter=st.booleans())
def test_no_bytes_make_the_file_loader_raise(tmp_path_factory, raw, front_matter):
    path = tmp_path_factory.mktemp("h") / ("x.md" if front_matter else "x.yaml")
    path.write_bytes(raw)
    source, problems = load_yaml_file(path, path.name, front_matter=front_matter)
    assert all(p.file == path.name for p in problems)


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=300))
def test_no_bytes_make_the_table_validator_raise(tmp_path_factory, raw):
    root = tmp_path_factory.mktemp("t")
    (root / "r.csv").write_bytes(raw)
    schema = {
        "fields": [{"name": "mentee", "type": "string"}, {"name": "submitted", "type": "date"}],
        "missingValues": [""],
        "primaryKey": ["mentee"],
    }
    for problem in validate_table(root, "r.csv", schema):
        assert problem.file == "r.csv"
