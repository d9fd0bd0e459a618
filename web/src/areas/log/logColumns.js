/*
 * The columns of a table of log records ({seq, time, township, actor, type,
 * payload}), shared by the audit page (this node's log) and the monitor's
 * page of a followed node (the entries it mirrored). The summary column is
 * drawn by RecordSummary.vue through the table's cell-summary slot.
 */
import { eventTypeLabel, i18n, localName } from '../../i18n/index.js';
import { openapi } from '../../schema.js';
import { actorWords } from './actor.js';
import { formatTime } from '../../format.js';
import { findTownship } from '../org/townships.js';

/* The record's township in the UI language (its id when this node does not know it). */
function townshipName(t, row) {
  if (!row.township) {
    return t('audit.cityWide');
  }
  return localName(findTownship(row.township)) || row.township;
}

/*
 * Who acted, in words: the person's name, else their role as an office
 * says it; "the system" for the node's own commands; an older record's
 * text as it is. A record names the acting user {user, role, person,
 * name}, never by login (docs/events.md).
 */
export function actorName(t, actor) {
  return actorWords(openapi.value, actor, i18n.global.locale.value, t('audit.system'));
}

/* The time, township, actor, type and summary columns, labelled with vue-i18n's `t`. */
export function recordColumns(t) {
  return [
    { key: 'time', label: t('audit.time'), width: 170, value: (row) => formatTime(row.time) },
    { key: 'township', label: t('fields.township'), width: 120, value: (row) => townshipName(t, row) },
    { key: 'actor', label: t('audit.actor'), width: 140, value: (row) => actorName(t, row.actor) },
    { key: 'type', label: t('audit.type'), width: 140, value: (row) => eventTypeLabel(row.type) },
    { key: 'summary', label: t('audit.summary'), minWidth: 220 },
  ];
}
