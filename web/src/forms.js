/*
 * The form-dialog service: any page calls openForm({...}) to create or edit
 * an object in the one FormDialog mounted by App.vue, instead of keeping its
 * own dialog. The fields of a declared command come from the API's
 * description (schema.js, commandFields; the organisation's through
 * areas/org/orgForms.js).
 *
 *   const saved = await openForm({
 *     formId: 'task',                   // data-test prefix: task-owner_id-input ...
 *     title: t('task.add'),
 *     fields: commandFields('task.create', { fields: { owner_id: { options: personChoices(tid) } } }),
 *     initial: task,                    // null or omitted to create
 *     submit: (payload) => api.post(`/items/${id}/tasks`, payload),
 *   });
 *   // saved: the submit() result, or null when the dialog was cancelled or
 *   // nothing changed (or the fields could not be had: the error is shown).
 *   // On edit, payload holds only the changed fields.
 *
 * `fields` is a field list or a promise of one.
 */
import { h, shallowRef } from 'vue';
import { ElMessage, ElMessageBox } from 'element-plus';
import { i18n, errorText } from './i18n/index.js';
import { router } from './router.js';
import { formatTime } from './format.js';

export const formRequest = shallowRef(null);

/* A message box's or a message's text with its detail line under it (a rule's id: errorDetail), as a VNode; the text alone without one. */
export function detailed(text, detail) {
  if (!detail) {
    return text;
  }
  return h('div', { class: 'detailed' }, [h('p', { class: 'detailed__text' }, text), h('p', { class: 'detailed__detail', 'data-test': 'rule-detail' }, detail)]);
}

export async function openForm(config) {
  let fields;
  try {
    fields = await config.fields;
  } catch (error) {
    ElMessage({ type: 'error', message: errorText(error) });
    return null;
  }
  return new Promise((resolve) => {
    if (formRequest.value) {
      formRequest.value.resolve(null);
    }
    formRequest.value = { ...config, fields, resolve };
  });
}

export function closeForm(result) {
  const current = formRequest.value;
  formRequest.value = null;
  if (current) {
    current.resolve(result ?? null);
  }
}

/*
 * Asks for confirmation, then runs `action` (an API write). Shows the
 * success message, or the server's error message; resolves to true when the
 * action succeeded.
 */
export async function confirmAndRun({ name, action, message, successKey = 'common.deleted' }) {
  const t = i18n.global.t;
  try {
    await ElMessageBox.confirm(message || t('common.confirmDelete', { name }), t('common.confirmTitle'), {
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      type: 'warning',
    });
  } catch {
    return false;
  }
  try {
    showRecorded(t(successKey), await action());
    return true;
  } catch (error) {
    ElMessage({ type: 'error', message: errorText(error) });
    return false;
  }
}

/*
 * Shows a write's success message. When the answer names the event it
 * recorded ({"event":{"seq","log_index","time"}}), the message adds the
 * event's index in the public log and a link to that entry on the audit
 * page (data-test record-link), and stays longer so it can be followed.
 */
export function showRecorded(message, result, { customClass = '' } = {}) {
  const t = i18n.global.t;
  const event = result && result.event;
  const index = event ? event.log_index ?? event.seq : undefined;
  if (index === undefined || index === null) {
    ElMessage({ type: 'success', message, customClass });
    return;
  }
  const text = event.time
    ? t('common.recorded', { message, index, time: formatTime(event.time) })
    : t('common.recordedIndex', { message, index });
  const to = { name: 'audit', query: { index: String(index) } };
  const link = h('a', {
    href: router.resolve(to).href,
    'data-test': 'record-link',
    onClick: (e) => {
      e.preventDefault();
      router.push(to);
    },
  }, t('common.viewRecord'));
  ElMessage({ type: 'success', message: h('span', [text, ' ', link]), customClass, duration: 8000, showClose: true });
}
