/*
 * The form-dialog service: any page calls openForm({...}) to create or edit
 * an object in the one FormDialog mounted by App.vue, instead of keeping its
 * own dialog. Field lists live in resources.js.
 *
 *   const saved = await openForm({
 *     formId: 'person',                 // data-test prefix: person-name-input ...
 *     title: t('person.edit'),
 *     fields: fields.person(),          // see resources.js
 *     initial: person,                  // null or omitted to create
 *     submit: (payload) => api.patch(`/people/${person.id}`, payload),
 *   });
 *   // saved: the submit() result, or null when the dialog was cancelled or
 *   // nothing changed. On edit, payload holds only the changed fields.
 */
import { shallowRef } from 'vue';
import { ElMessage, ElMessageBox } from 'element-plus';
import { i18n, errorText } from './i18n/index.js';

export const formRequest = shallowRef(null);

export function openForm(config) {
  return new Promise((resolve) => {
    if (formRequest.value) {
      formRequest.value.resolve(null);
    }
    formRequest.value = { ...config, resolve };
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
    await action();
    ElMessage({ type: 'success', message: t(successKey) });
    return true;
  } catch (error) {
    ElMessage({ type: 'error', message: errorText(error) });
    return false;
  }
}
