/*
 * Execution tasks of resolutions (docs/decisions.md), shared by the
 * township's tasks page and an agenda item's task section: the table's
 * columns (department and owner named in the UI language), overdue tasks
 * picked out, who may write them, and the two forms, both the server's
 * declared commands: adding a task to a passed item (task.create) and
 * recording a task's progress (task.update: status, progress note, due
 * date). The forms' fields, labels and limits, and the statuses' names,
 * come from the API's description (schema.js); the page adds only the
 * choices of people and departments and a hint.
 */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { api, seg } from '../../api.js';
import { i18n, isEnglish, commandEnumLabel, commandEnumOptions } from '../../i18n/index.js';
import { openForm } from '../../forms.js';
import { commandFields } from '../../schema.js';
import { can } from '../../session.js';
import { formatDate, formatTime, todayInShanghai } from '../../format.js';
import { departmentChoices, personChoices } from '../../lookups.js';
import { runStep } from '../meetings/decisions.js';

/* True when a task is not done and its due date (Asia/Shanghai) has passed. */
export function isOverdue(task, today = todayInShanghai()) {
  return !!task && task.status !== 'done' && !!task.due_date && task.due_date < today;
}

/* The statuses a task may have ([{value, label}] in the UI language), as task.update declares them. */
export function taskStatuses() {
  return commandEnumOptions('task.update', 'status');
}

/* A task's status in the UI language, with "overdue" when it is. */
export function taskStatusText(task) {
  const text = commandEnumLabel('task.update', 'status', task.status);
  return isOverdue(task) ? `${text} · ${i18n.global.t('task.overdue')}` : text;
}

/* A task's due date, with the justification recorded when it was already past when set. */
export function dueText(task) {
  const date = formatDate(task.due_date);
  return task.due_justification ? `${date}（${i18n.global.t('task.dueJustified', { text: task.due_justification })}）` : date;
}

/*
 * The task table of township `tid` (a ref or computed): `columns` for
 * ResourceTable/ResourceList (with the resolution's matter linking to its
 * item unless `withMatter` is false), `writable` (may record progress) and
 * `highlight` (overdue rows).
 */
export function useTaskTable(tid, { withMatter = true } = {}) {
  const { t } = useI18n();
  /* A name the API gives with its English form (owner_name, department_name), in the UI language. */
  const named = (row, key) => (isEnglish() && row[`${key}_en`]) || row[key] || '';
  const department = (row) => named(row, 'department_name');
  const owner = (row) => named(row, 'owner_name') || `#${row.owner_id}`;

  const columns = computed(() => [
    { key: 'description', label: t('task.description'), minWidth: 200 },
    ...(withMatter ? [{
      key: 'matter', label: t('task.resolution'), minWidth: 200, value: (row) => row.matter_title || `#${row.agenda_item_id}`,
      link: (row) => ({ name: 'item', params: { tid: tid.value, id: row.agenda_item_id } }),
    }] : []),
    { key: 'department', label: t('fields.department'), width: 140, value: department },
    { key: 'owner', label: t('task.owner'), width: 110, value: owner },
    { key: 'due_date', label: t('task.dueDate'), minWidth: 110, value: dueText },
    { key: 'status', label: t('fields.status'), width: 120, value: taskStatusText },
    { key: 'note', label: t('task.note'), minWidth: 160, value: (row) => row.note || '' },
    ...(withMatter ? [{ key: 'updated', label: t('task.updated'), width: 150, value: (row) => formatTime(row.updated, { seconds: false }) }] : []),
  ]);

  const writable = computed(() => can('task.write', tid.value));
  return { columns, writable, highlight: (row) => isOverdue(row) };
}

/* Opens the form adding an execution task to passed agenda item `itemId`; resolves to the answer or null. */
export function addTask(tid, itemId) {
  const t = i18n.global.t;
  return openForm({
    formId: 'task',
    title: t('task.add'),
    fields: commandFields('task.create', {
      fields: { department_id: { options: departmentChoices(tid) }, owner_id: { options: personChoices(tid) } },
    }),
    successMessage: t('task.added'),
    /* A due date already past asks for a justification (task.due_in_past). */
    submit: (payload) => runStep((extra) => api.post(`/items/${seg(itemId)}/tasks`, { ...payload, ...extra }), { rethrow: true }),
  });
}

/* Opens the form recording a task's progress; resolves to the answer or null (cancelled, or nothing changed). */
export function updateTask(task) {
  const t = i18n.global.t;
  return openForm({
    formId: 'task-progress',
    title: t('task.progress'),
    fields: commandFields('task.update', { fields: { note: { hint: 'task.noteHint' } } }),
    initial: task,
    successMessage: t('task.updatedMessage'),
    submit: (payload) => runStep((extra) => api.patch(`/tasks/${seg(task.id)}`, { ...payload, ...extra }), { rethrow: true }),
  });
}
