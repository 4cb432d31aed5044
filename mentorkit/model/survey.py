"""``content/surveys/<id>.yaml``: a survey instrument.

Its responses live in ``content/surveys/responses/<year>/<id>.csv``; the
Table Schema those CSVs are validated with is generated from this model
(``mentorkit.load.tables.response_schema``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from mentorkit.model.base import Slug, Strict, ref


class Scale(Strict):
    id: Slug = Field(description="Identifier of the scale, e.g. agree-5.")
    labels: list[str] = Field(min_length=2, description="Answer labels from lowest to highest; answers are coded 1..N.")
    positive_from: str = Field(description="The first label counted as a positive answer, e.g. 'Agree'.")

    @model_validator(mode="after")
    def _positive_label_exists(self) -> Scale:
        if self.positive_from not in self.labels:
            raise ValueError(
                f'positive_from "{self.positive_from}" is not one of the labels: use one of '
                + ", ".join(f'"{label}"' for label in self.labels)
            )
        return self

    @property
    def positive_code(self) -> int:
        return self.labels.index(self.positive_from) + 1


class Question(Strict):
    id: Slug = Field(description="Identifier; also the response CSV's column name.")
    text: str = Field(description="The question as respondents read it.")
    kind: Literal["scale", "yes_no", "text"] = Field(
        description="scale: the survey's scale; yes_no: yes or no; text: free text (never published)."
    )
    outcome: Slug | None = Field(
        None, description="Programme outcome (short_term id) this question measures.", json_schema_extra=ref("outcome")
    )


class ImportedQuestion(Strict):
    id: Slug = Field(description="The question's id (one of this survey's questions).")
    header: str = Field(description="The header of its column in the form's download (usually the question's text).")


class ImportColumns(Strict):
    """Written by ``import-survey`` on a survey's first import, so later downloads need no renaming."""

    form: str = Field("", description="The form's title, as the download's file name starts.")
    mentee: str = Field("", description="The header of the column holding the mentee's pseudonym.")
    school: str = Field("", description="The header of the column holding the school, if the form asks it.")
    submitted: str = Field("", description="The header of the column holding the date of the answers.")
    questions: list[ImportedQuestion] = Field(
        default_factory=list, description="Each question's column header in the form's download."
    )


class Survey(Strict):
    id: Slug | None = Field(None, description="Optional; when given it must equal the file name.")
    title: str = Field(description="Title of the questionnaire.")
    respondent: Literal["mentee", "teacher", "mentor", "parent"] = Field(
        description="Who answers. Teacher surveys have one row per mentee rated."
    )
    timing: Literal["pre", "post", "session"] = Field(
        description="pre: before the programme; post: after it; session: after one session."
    )
    pairs_with: Slug | None = Field(
        None, description="For a post survey: the pre survey it is compared with.", json_schema_extra=ref("survey")
    )
    intro: str = Field("", description="Text printed above the questions on the form.")
    scale: Scale | None = Field(None, description="The answer scale for questions of kind 'scale'.")
    questions: list[Question] = Field(min_length=1, description="The questions, in order.")
    import_: ImportColumns | None = Field(
        None,
        alias="import",
        description="How the form's download names its columns; written by import-survey on the first import.",
    )

    @model_validator(mode="after")
    def _scale_present(self) -> Survey:
        if self.scale is None and any(q.kind == "scale" for q in self.questions):
            raise ValueError("scale questions need a scale: add scale {id, labels, positive_from}")
        return self
