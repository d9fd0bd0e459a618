/*
 * usePrintedMeeting(): what the printed notice and minutes of the route's
 * meeting read, as the signed-in user may read it: the meeting (with its
 * issuers and numbers, GET /meetings/{id}) and each of its items in full
 * (roster, statements, result: GET /items/{id}), loaded again when the
 * user signs in or out. A document prints every item or none: an item
 * that fails to load fails the page. Also the texts both documents share:
 * the issuers' names, a matter's line in the agenda, a heading's number.
 */
import { computed } from 'vue';
import { useRoute } from 'vue-router';
import { api, seg } from '../../api.js';
import { i18n, isEnglish, localName, entityEnumLabel } from '../../i18n/index.js';
import { useLoad } from '../../load.js';
import { schemaReady } from '../../schema.js';
import { session } from '../../session.js';
import { formatMoney } from '../../format.js';
import { chineseNumber } from './print.js';

async function fetchMeeting(id) {
  const [meeting] = await Promise.all([api.getItem(`/meetings/${seg(id)}`), schemaReady()]);
  const items = await Promise.all((meeting.items || []).map((item) => api.getItem(`/items/${seg(item.id)}`)));
  return { meeting, items };
}

export function usePrintedMeeting() {
  const route = useRoute();
  const tid = computed(() => route.params.tid);
  const id = computed(() => route.params.id);
  const { data, loading, error, reload } = useLoad(() => fetchMeeting(id.value), () => [id.value, session.user && session.user.login]);
  const meeting = computed(() => (data.value ? data.value.meeting : null));
  const items = computed(() => (data.value ? data.value.items : []));
  const issuers = computed(() => (meeting.value ? (meeting.value.issuers || []).map(localName) : []));
  const back = computed(() => ({ name: 'meeting', params: { tid: tid.value, id: id.value } }));
  return { data, loading, error, reload, meeting, items, issuers, back };
}

/* The convener's name in the UI language. */
export function convenerName(meeting) {
  return isEnglish() ? meeting.convener_name_en || meeting.convener_name : meeting.convener_name;
}

/* A heading's number: "一、" ("1. "), or for a sub-heading "（一）" ("(1) "). */
export function headingNumber(n, sub = false) {
  const { t } = i18n.global;
  const number = isEnglish() ? String(n) : chineseNumber(n);
  return t(sub ? 'print.subHeading' : 'print.heading', { n: number });
}

/* What a matter on the agenda is: its category, its amount, an ad-hoc motion ("重大项目，269.00万元，临时动议"). */
export function matterNote(item) {
  const { t, locale } = i18n.global;
  const matter = item.matter || {};
  const parts = [entityEnumLabel('matter', 'category', matter.category)];
  if (matter.amount_fen) {
    parts.push(t('print.amount', { amount: formatMoney(matter.amount_fen, locale.value) }));
  }
  if (item.adhoc) {
    parts.push(t('print.adhoc'));
  }
  return parts.filter(Boolean).join(t('print.comma'));
}

/* A list of names in the UI language: "俞晓娟、宣丽婷" or "Yu Xiaojuan, Xuan Liting". */
export function nameList(members) {
  return members.map(localName).join(i18n.global.t('print.listSeparator'));
}
