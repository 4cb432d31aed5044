"""The form editor's configuration follows the models, and the build publishes it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Literal, get_args

import pytest
import yaml
from pydantic import BaseModel, Field, create_model

from mentorkit import model as models
from mentorkit.build import cms, cms_publish
from mentorkit.build.pipeline import BuildOptions, build
from mentorkit.model.base import MARKDOWN, PATTERN_HINTS, PSEUDONYM_PATTERN, SLUG_PATTERN, Slug, ref
from mentorkit.model.kinds import KIND_BY_NAME, KINDS

from .conftest import REPO


def _fields(cfg: dict) -> dict[str, dict]:
    return dict(cms.config_fields(cfg))


def _check(field: dict, expected: dict) -> None:
    """``field`` has (at least) the settings in ``expected``."""
    assert {key: field.get(key) for key in expected} == expected


def _model_paths(model: type[BaseModel], prefix: str) -> list[str]:
    """Every field of a model, nested models included, as collection.dotted.path."""
    out = []
    for field_name, info in model.model_fields.items():
        name = info.alias or field_name  # as the file spells it: `import`, not `import_`
        out.append(f"{prefix}.{name}")
        stack = [info.annotation]
        while stack:
            t = stack.pop()
            if isinstance(t, type) and issubclass(t, BaseModel):
                out += _model_paths(t, f"{prefix}.{name}")
            else:
                stack.extend(get_args(t))
    return out


@pytest.fixture(scope="module")
def config() -> dict:
    return cms.config(Path("/nowhere"))


def test_every_field_of_every_model_appears_in_the_forms(config):
    missing = []
    fields = _fields(config)
    for kind in KINDS:
        missing += [path for path in _model_paths(kind.model, kind.name) if path not in fields]
    assert missing == []
    assert [c["name"] for c in config["collections"]] == [kind.name for kind in KINDS]


def test_the_forms_have_no_field_the_models_lack(config):
    known = {path for kind in KINDS for path in _model_paths(kind.model, kind.name)}
    assert [path for path in _fields(config) if path not in known] == []


def test_widgets_are_chosen_from_field_types(config):
    f = _fields(config)
    assert f["mentor.kind"]["widget"] == "select" and f["mentor.kind"]["options"] == ["business", "peer"]
    _check(f["mentor.max_mentees"], {"widget": "number", "value_type": "int", "min": 1, "max": 60})
    assert f["mentor.dbs"]["widget"] == "object" and f["mentor.dbs"]["collapsed"] is True
    assert f["mentor.bio"]["widget"] == "markdown"
    assert f["guide.body"]["widget"] == "markdown" and f["guide.body"]["label"] == "Text"
    assert f["session.agenda"]["widget"] == "list" and [x["name"] for x in f["session.agenda"]["fields"]] == [
        "minutes",
        "activity",
        "lead",
        "details",
        "materials",
    ]
    assert f["session.objectives"]["field"]["widget"] == "string"
    assert f["testimonial.consent"]["widget"] == "boolean"
    _check(f["cohort.start"], {"widget": "datetime", "date_format": "YYYY-MM-DD", "time_format": False})
    _check(f["cohort.deliveries.start_time"], {"date_format": False, "time_format": "HH:mm"})
    # An optional id that must equal the file name is kept, never typed.
    assert f["mentor.id"]["widget"] == "hidden"
    assert f["programme.id"]["widget"] == "string"


def test_references_to_other_files_are_relations(config):
    f = _fields(config)
    _check(f["cohort.mentees.mentor"], {"widget": "relation", "collection": "mentor", "value_field": "{{slug}}"})
    assert f["mentor.schools"]["multiple"] is True and f["mentor.schools"]["collection"] == "school"
    assert f["cohort.deliveries.session"]["value_field"] == "number"
    # Aims live inside programme.yaml: a relation into that one file.
    _check(f["session.aims"], {"collection": "programme", "file": "programme", "value_field": "aims.*.id"})
    assert f["survey.questions.outcome"]["value_field"] == "outcomes.short_term.*.id"


def test_required_fields_and_hints_come_from_the_model(config):
    f = _fields(config)
    assert "required" not in f["mentor.name"] and f["mentor.organisation"]["required"] is False
    assert f["mentor.name"]["hint"] == KIND_BY_NAME["mentor"].model.model_fields["name"].description
    # Inside an optional object nothing is required: Decap would refuse to save
    # a peer mentor without a DBS check otherwise. The build checks it instead.
    assert f["mentor.dbs.type"]["required"] is False


def test_pattern_messages_are_the_validators_hints(config, site):
    f = _fields(config)
    assert f["cohort.mentees.id"]["pattern"] == [PSEUDONYM_PATTERN, PATTERN_HINTS[PSEUDONYM_PATTERN]]
    site.edit("content/mentors/sam-okafor.yaml", "sector: finance", "sector: Finance & Tax")
    [problem] = [p for p in site.problems() if p.field == "sector"]
    assert problem.hint == f["mentor.sector"]["pattern"][1]
    patterns = [field["pattern"] for _, field in cms.config_fields(config) if "pattern" in field]
    assert patterns and all(message == cms.pattern_hint(regex) for regex, message in patterns)


def test_new_entries_get_the_file_names_the_build_expects(config):
    by_name = {c["name"]: c for c in config["collections"]}
    assert by_name["cohort"]["folder"] == "content/cohorts"
    assert (
        by_name["cohort"]["path"] == "{{academic_year}}/{{slug}}" and by_name["cohort"]["slug"] == "{{fields.school}}"
    )
    assert by_name["session"]["slug"] == "0{{fields.number}}-{{slug}}"
    assert by_name["guide"]["format"] == "yaml-frontmatter" and by_name["guide"]["extension"] == "md"
    assert by_name["programme"]["files"][0]["file"] == "content/programme.yaml"


def test_a_field_added_to_a_model_appears_in_its_form_with_no_other_change():
    grown = create_model(
        "Testimonial",
        __base__=models.Testimonial,
        mood=(Literal["glowing", "measured"], Field(description="How the quote reads.")),
        heard=(dt.date | None, Field(None, description="When we heard it.")),
        schools=(
            list[Slug],
            Field(default_factory=list, description="Schools it is about.", json_schema_extra=ref("school")),
        ),
        context=(str, Field("", description="Background (Markdown).", json_schema_extra=MARKDOWN)),
    )
    kinds = [dataclasses.replace(k, model=grown) if k.name == "testimonial" else k for k in KINDS]
    f = _fields(cms.config(Path("/nowhere"), kinds=kinds))
    _check(
        f["testimonial.mood"], {"widget": "select", "options": ["glowing", "measured"], "hint": "How the quote reads."}
    )
    assert "required" not in f["testimonial.mood"]
    assert f["testimonial.heard"]["widget"] == "datetime" and f["testimonial.heard"]["required"] is False
    _check(f["testimonial.schools"], {"widget": "relation", "collection": "school", "multiple": True})
    assert f["testimonial.context"]["widget"] == "markdown"


def test_a_field_type_with_no_widget_fails_loudly():
    odd = create_model(
        "Testimonial",
        __base__=models.Testimonial,
        extras=(dict[str, int], Field(default_factory=dict, description="?")),
    )
    kinds = [dataclasses.replace(k, model=odd) if k.name == "testimonial" else k for k in KINDS]
    with pytest.raises(ValueError, match="no form widget for field 'extras'"):
        cms.config(Path("/nowhere"), kinds=kinds)


def test_the_backend_is_the_sites_repository_with_the_editorial_workflow(site):
    site.write(
        "mkdocs.yml",
        (REPO / "mkdocs.yml").read_text(encoding="utf-8") + "repo_url: https://github.com/southend-skills/60mm\n",
    )
    cfg = cms.config(site.root)
    assert cfg["backend"] == {
        "name": "github",
        "repo": "southend-skills/60mm",
        "branch": "main",
        "auth_methods": ["token"],
    }
    assert cfg["publish_mode"] == "editorial_workflow"
    # Published to every visitor: no development setting (Decap's local_backend made browsers probe localhost:8081).
    assert "local_backend" not in cfg
    assert cms.repo_prefix(REPO / "examples" / "academy-hub") == "examples/academy-hub/"
    assert cms.bundle_problems(site.root) == []


def test_the_branch_comes_from_edit_uri(site):
    site.write(
        "mkdocs.yml",
        (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        + "repo_url: https://github.com/southend-skills/60mm.git\nedit_uri: edit/trunk/docs/\n",
    )
    assert cms.config(site.root)["backend"]["branch"] == "trunk"


@pytest.mark.parametrize(
    "setting, said",
    [
        ("", "is not set, so"),
        (
            "repo_url: https://github.com/OWNER/REPOSITORY\n",
            "'https://github.com/OWNER/REPOSITORY' is a placeholder",
        ),
        ("repo_url: https://github.com/your-org/mentoring\n", "is a placeholder"),
        ("repo_url: https://example.org/mentoring\n", "is not a GitHub repository's address"),
    ],
)
def test_an_unset_or_placeholder_repository_is_a_warning_and_never_published(site, setting, said):
    site.write("mkdocs.yml", (REPO / "mkdocs.yml").read_text(encoding="utf-8") + setting)
    text = cms.config_text(site.root)
    assert "OWNER" not in text and "your-org" not in text and "local_backend" not in text
    assert cms.config(site.root)["backend"] == {"name": "test-repo"}
    [problem] = cms.bundle_problems(site.root)
    assert (problem.file, problem.code, problem.severity) == ("mkdocs.yml", "editor-repository-unset", "warning")
    assert said in problem.message and "test repository that saves nothing" in problem.message
    assert "repo_url: https://github.com/" in problem.hint
    if setting:
        assert problem.line == site.line_of("mkdocs.yml", "repo_url:")


def test_the_vendored_editor_is_the_pinned_release():
    bundle = cms_publish.VENDOR / cms_publish.BUNDLE
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() == cms_publish.BUNDLE_SHA256
    assert cms_publish.BUNDLE_VERSION in (cms_publish.VENDOR / "README.md").read_text(encoding="utf-8")
    assert "MIT License" in (cms_publish.VENDOR / cms_publish.LICENCE).read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_built_admin_config_is_the_models_config_byte_for_byte(site, tmp_path):
    result = build(BuildOptions(site.root, site_dir=tmp_path / "out", pdf=False))
    admin = result.output / "admin"
    programme = result.site.programme
    assert (admin / "config.yml").read_text(encoding="utf-8") == cms.config_text(site.root, programme.site.url)
    assert '<script src="sveltia-cms.js?v=0.221.1">' in (admin / "index.html").read_text(encoding="utf-8")
    # The editor's program is served by the site itself: one file and its licence, nothing else.
    assert sorted(p.name for p in admin.iterdir()) == [
        "config.yml",
        "index.html",
        "sveltia-cms.LICENSE.txt",
        "sveltia-cms.js",
    ]
    assert (admin / "sveltia-cms.js").read_bytes() == (cms_publish.VENDOR / "sveltia-cms.js").read_bytes()


def test_editor_settings_map_each_content_folder_to_its_schema():
    settings_file = REPO / ".vscode" / "settings.json"
    assert settings_file.read_text(encoding="utf-8") == cms.editor_settings_text(), (
        "regenerate: python -c 'from mentorkit.build.cms import *; print(editor_settings_text(), end=\"\")' > "
        ".vscode/settings.json"
    )
    mapping = json.loads(settings_file.read_text(encoding="utf-8"))["yaml.schemas"]
    assert all((REPO / schema).is_file() for schema in mapping)
    yaml_kinds = [k for k in KINDS if not k.front_matter]
    assert sorted(mapping) == sorted(f"./schema/{k.name}.schema.json" for k in yaml_kinds)


def test_the_config_is_plain_yaml_that_reads_back_the_same(config):
    text = cms.config_text(Path("/nowhere"))
    assert text.startswith("# Form editor configuration")
    assert yaml.safe_load(text) == config
    assert SLUG_PATTERN in text
