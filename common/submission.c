/*  submission.c: the stateless submission rules shared by client and server.  */
#include "submission.h"
#include "i18n.h"
#include "component.h"
#include "period.h"
#include "score.h"
#include "text.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

void
submission_init (submission_t *self)
{
    memset (self, 0, sizeof *self);
}

void
submission_set_period (submission_t *self, const char *text, size_t len)
{
    text_copy (self->period, PERIOD_FIELD_MAX, &self->period_len, text, len);
}

void
submission_set_opd (submission_t *self, const char *text, size_t len)
{
    text_copy (self->opd, OPD_CODE_MAX, &self->opd_len, text, len);
}

void
submission_set_submitter (submission_t *self, const char *text, size_t len)
{
    text_copy (self->submitter, OPD_CODE_MAX, &self->submitter_len, text, len);
}

const char *
submission_submitter (const submission_t *self)
{
    return self->submitter_len ? self->submitter : self->opd;
}

void
submission_add_score (submission_t *self, uint32_t component, int32_t centi,
                      const char *evidence, size_t evidence_len)
{
    if (self->score_count < SUBMISSION_MAX_SCORES) {
        component_score_t *s = &self->scores[self->score_count];
        s->component = component;
        s->score_centi = centi;
        text_copy (s->evidence, EVIDENCE_MAX_BYTES, &s->evidence_len,
                     evidence, evidence_len);
    }
    self->score_count++;
}

size_t
submission_held (const submission_t *self)
{
    return self->score_count < SUBMISSION_MAX_SCORES
         ? self->score_count : SUBMISSION_MAX_SCORES;
}

static void
s_validate_score (const component_score_t *s, size_t index, uint32_t *seen,
                  problems_t *problems)
{
    char field[PROBLEM_FIELD_MAX];
    const component_t *component = component_by_id (s->component);
    if (!component) {
        snprintf (field, sizeof field, "scores[%zu].component", index);
        problems_add (problems, PROBLEM_COMPONENT_UNKNOWN, field,
                      _("Component %u does not exist; use 1 to %d "
                      "(pengawasan, perencanaan, pelaporan, anggaran, inovasi, pengadaan)."),
                      s->component, COMPONENT_COUNT);
    }
    else
    if (*seen & (1u << s->component)) {
        snprintf (field, sizeof field, "scores[%zu].component", index);
        problems_add (problems, PROBLEM_COMPONENT_DUPLICATE, field,
                      _("Component %s appears more than once; send each component once."),
                      component->code);
    }
    else
        *seen |= 1u << s->component;

    const char *name = component ? component->code : "this component";
    if (!score_in_range (s->score_centi)) {
        char text[SCORE_TEXT_MAX];
        score_format (s->score_centi, text, sizeof text);
        snprintf (field, sizeof field, "scores[%zu].score_centi", index);
        problems_add (problems, PROBLEM_SCORE_OUT_OF_RANGE, field,
                      _("The score for %s is %s; it must be between 0.00 and 100.00."),
                      name, text);
    }
    size_t chars = 0;
    snprintf (field, sizeof field, "scores[%zu].evidence", index);
    if (s->evidence_len > EVIDENCE_MAX_BYTES)
        problems_add (problems, PROBLEM_EVIDENCE_TOO_LONG, field,
                      _("The evidence note for %s is longer than %d characters; shorten it."),
                      name, EVIDENCE_MAX_CHARS);
    else
    if (!utf8_check (s->evidence, s->evidence_len, &chars))
        problems_add (problems, PROBLEM_EVIDENCE_INVALID, field,
                      _("The evidence note for %s is not valid UTF-8 text or contains "
                      "a NUL character; save it as UTF-8 plain text."), name);
    else
    if (chars > EVIDENCE_MAX_CHARS)
        problems_add (problems, PROBLEM_EVIDENCE_TOO_LONG, field,
                      _("The evidence note for %s has %zu characters; the limit is %d."),
                      name, chars, EVIDENCE_MAX_CHARS);
}

bool
submission_validate (const submission_t *self, problems_t *problems)
{
    size_t before = problems->count + problems->dropped;

    if (self->id_len != SUBMISSION_ID_LEN)
        problems_add (problems, PROBLEM_SUBMISSION_ID, "submission_id",
                      _("The submission id must be exactly %d random bytes (got %zu)."),
                      SUBMISSION_ID_LEN, self->id_len);

    period_t period;
    if (self->period_len > PERIOD_FIELD_MAX
    || !utf8_check (self->period, self->period_len, NULL)
    || !period_parse (self->period, self->period_len, &period))
        problems_add (problems, PROBLEM_PERIOD_INVALID, "period",
                      _("The period must be written like 2024-Q2 (year, dash, Q, quarter 1-4)."));

    if (!text_is_opd_code (self->opd, self->opd_len))
        problems_add (problems, PROBLEM_OPD_INVALID, "opd",
                      _("The OPD code must be 2 to %d characters of A-Z, 0-9 or _, "
                      "like DINKES."), OPD_CODE_MAX);

    if (self->submitter_len && !text_is_opd_code (self->submitter, self->submitter_len))
        problems_add (problems, PROBLEM_SUBMITTER_INVALID, "submitter",
                      _("The submitting OPD code must be 2 to %d characters of A-Z, 0-9 or _."),
                      OPD_CODE_MAX);
    if (self->kind != SCORE_KIND_SELF && self->kind != SCORE_KIND_VERIFIED)
        problems_add (problems, PROBLEM_KIND_INVALID, "kind",
                      _("The kind must be 0 (self-assessment) or 1 (verified score)."));

    if (self->score_count == 0)
        problems_add (problems, PROBLEM_SCORES_MISSING, "scores",
                      _("The submission has no scores; send at least one component score."));
    else
    if (self->score_count > SUBMISSION_MAX_SCORES)
        problems_add (problems, PROBLEM_SCORES_TOO_MANY, "scores",
                      _("The submission has %zu scores; there are only %d components."),
                      self->score_count, SUBMISSION_MAX_SCORES);

    uint32_t seen = 0;
    for (size_t i = 0; i < submission_held (self); i++)
        s_validate_score (&self->scores[i], i, &seen, problems);

    return problems->count + problems->dropped == before;
}
