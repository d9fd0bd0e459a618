/*
 * Shared helpers of the collective-decision pages (docs/decisions.md):
 * the "next"/"blocked" steps of an item, meeting, matter or budget, the
 * one way a page runs a step (asking for a justification when the rulebook
 * flags it), the catalogue's categories and the form registering a matter.
 * The names of statuses and categories come from the API's description
 * (queryEnumLabel, entityEnumLabel).
 */
import { ElMessage, ElMessageBox } from 'element-plus';
import { api, seg } from '../../api.js';
import { i18n, errorText, errorDetail, isEnglish, entityEnumLabel } from '../../i18n/index.js';
import { detailed, showRecorded } from '../../forms.js';
import { commandFields, schemaReady } from '../../schema.js';
import { budgetLineChoices, departmentChoices, personChoices } from '../../lookups.js';

/* The permitted step `action` of an object with `next`, or null. */
export function nextStep(obj, action) {
  return (obj && Array.isArray(obj.next) ? obj.next : []).find((s) => s.action === action || s.action === '*') || null;
}

/* The reasons why step `action` is not permitted now ([] when none). */
export function blockedSteps(obj, action) {
  return (obj && Array.isArray(obj.blocked) ? obj.blocked : []).filter((s) => s.action === action);
}

/* A flag's message (a verdict {rule, message_zh, message_en}) in the UI language. */
export function verdictMessage(verdict) {
  if (!verdict) {
    return '';
  }
  return (isEnglish() ? verdict.message_en || verdict.message_zh : verdict.message_zh || verdict.message_en) || verdict.message || '';
}

/* True when an ApiError asks for a justification (a flagged rule, 422). */
export function needsJustification(error) {
  return !!error && error.field === 'justification';
}

async function askJustification(text, detail) {
  const t = i18n.global.t;
  try {
    const { value } = await ElMessageBox.prompt(detailed(text, detail), t('decision.justifyTitle'), {
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      inputType: 'textarea',
      inputPlaceholder: t('decision.justifyPlaceholder'),
      inputValidator: (v) => (v && v.trim() ? true : t('common.required')),
      customClass: 'justify-box',
    });
    return value.trim();
  } catch {
    return null;
  }
}

/* Asks to confirm a step that cannot be undone (`message` says what it fixes); resolves to true when confirmed. */
export async function confirmStep(message, title) {
  const t = i18n.global.t;
  try {
    await ElMessageBox.confirm(message, title, {
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      type: 'warning',
      customClass: 'step-confirm',
    });
    return true;
  } catch {
    return false;
  }
}

/*
 * Runs one step: `send(extra)` posts the request with `extra` merged into
 * its body. When the step is known to be flagged (`flag`, from "next") the
 * justification is asked first; when the server answers that a flagged rule
 * needs one, it is asked and the step sent again. Shows the recorded
 * message or the refusal (its message, the rule's id on a detail line). Resolves to the answer, or
 * null when refused or cancelled. With `rethrow`, a refusal is thrown
 * instead (for the form dialog, which shows it itself).
 */
export async function runStep(send, { flag = null, successKey = 'common.saved', rethrow = false } = {}) {
  const t = i18n.global.t;
  let extra = {};
  if (flag) {
    const justification = await askJustification(verdictMessage(flag), errorDetail(flag));
    if (justification === null) {
      if (rethrow) {
        throw new Error(t('decision.justifyCancelled'));
      }
      return null;
    }
    extra = { justification };
  }
  for (;;) {
    try {
      const result = await send(extra);
      if (!rethrow) {
        showRecorded(t(successKey), result);
      }
      return result;
    } catch (error) {
      if (needsJustification(error) && !extra.justification) {
        const justification = await askJustification(errorText(error), errorDetail(error));
        if (justification !== null) {
          extra = { justification };
          continue;
        }
        if (rethrow) {
          throw error;
        }
        return null;
      }
      if (rethrow) {
        throw error;
      }
      ElMessage({ type: 'error', message: detailed(errorText(error), errorDetail(error)), customClass: 'step-error', duration: 8000, showClose: true });
      return null;
    }
  }
}

/* The counts of a result ({passed, agree, tally?}) for the message item.tally. */
export function tallyOf(result) {
  const tally = (result && result.tally) || {};
  return {
    agree: result && result.tally ? tally.agree ?? 0 : (result && result.agree) || 0,
    disagree: tally.disagree ?? 0,
    abstain: tally.abstain ?? 0,
    reserved: tally.reserved ?? 0,
  };
}

/* The categories of the rulebook in force for township `tid`. */
export async function categoriesOf(tid) {
  const data = await api.get('/rulebook', { township: tid });
  const document = data && data.in_force ? data.in_force.document : null;
  return Object.keys((document && document.categories) || {});
}

/* A township's matters that can go on an agenda (registered). */
export async function registeredMattersOf(tid) {
  return (await api.list(`/townships/${seg(tid)}/matters`, { status: 'registered', limit: 200 })).items;
}

/*
 * The fields of the form registering a matter in township `tid`
 * (matter.create, from the API's description): `categories` resolves to
 * the category ids offered (the rulebook's, or the one a budget's study
 * takes), named as the description names a matter's categories; people,
 * departments and budget lines are the township's. The budget line and
 * the spending period show only for the categories whose resolutions
 * authorise spending (the description's x-when). The budget a matter
 * studies is set by the budget page, not typed; its materials are
 * uploaded as files (MaterialUpload), not typed as digests.
 */
export function matterFields(tid, categories) {
  return commandFields('matter.create', {
    omit: ['budget_id', 'attachments'],
    fields: {
      category: {
        options: async () => {
          const [names] = await Promise.all([categories(), schemaReady()]);
          return names.map((c) => ({ value: c, label: entityEnumLabel('matter', 'category', c) }));
        },
      },
      proposer_id: { options: personChoices(tid), hint: 'matter.proposerHint' },
      responsible_id: { options: personChoices(tid) },
      department_id: { options: departmentChoices(tid) },
      budget_line_id: { options: budgetLineChoices(tid), note: 'matter.budgetLineNote' },
    },
  });
}

/* A per-mille figure → "85.0%", or '' when nothing was measured. */
export function formatPermille(value) {
  if (value === null || value === undefined) {
    return '';
  }
  return `${(Number(value) / 10).toFixed(1)}%`;
}
