/*
 * vue-i18n set-up with the catalogues of catalogues.js: zh-CN by default,
 * English on request, the choice kept in localStorage and mirrored to
 * <html lang>, the page title and the API's Accept-Language. Also the
 * helpers that pick a name in the UI language, and those that give what the
 * API's description (schema.js) declares in the UI language.
 */
import { createI18n } from 'vue-i18n';
import { LOCALES, messages } from './catalogues.js';
import { setApiLanguage } from '../api.js';
import { openapi, enumOf, enumLabel, fieldLabel, sentence, textIn } from '../schema.js';
import { choiceText, entityEnumOf, entityTitle, queryEnumOf } from '../entities.js';

export { LOCALES };

const STORAGE_KEY = 'probity.locale';

function storedLocale() {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LOCALES.includes(value) ? value : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages,
});

const textsLoaded = new Set();

/* A router guard: the texts of the pages navigated to that come with them
 * (a route's `meta.texts`, its area's lazyMessages), merged before the
 * page shows. */
export async function loadRouteTexts(to) {
  for (const record of to.matched) {
    const load = record.meta && record.meta.texts;
    if (load && !textsLoaded.has(load)) {
      const texts = await load();
      for (const [locale, catalogue] of Object.entries(texts)) {
        i18n.global.mergeLocaleMessage(locale, catalogue);
      }
      textsLoaded.add(load);
    }
  }
  return true;
}

function applyLocale(locale) {
  setApiLanguage(locale);
  document.documentElement.lang = locale;
  document.title = i18n.global.t('app.title');
}

/* Switches the UI language and remembers it. */
export function setLocale(locale) {
  if (!LOCALES.includes(locale)) {
    return;
  }
  i18n.global.locale.value = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* Private browsing may refuse storage; the switch still applies. */
  }
  applyLocale(locale);
}

applyLocale(i18n.global.locale.value);

export function isEnglish() {
  return i18n.global.locale.value === 'en';
}

/* The name of a township, organisation or person in the UI language. */
export function localName(obj) {
  if (!obj) {
    return '';
  }
  return isEnglish() && obj.name_en ? obj.name_en : obj.name || obj.name_en || '';
}

/* The title of a post in the UI language (its label, else its role as org.post_create declares it). */
export function postLabel(post) {
  if (!post) {
    return '';
  }
  const label = isEnglish() ? post.label_en || post.label : post.label || post.label_en;
  if (label) {
    return label;
  }
  return post.role ? commandEnumLabel('org.post_create', 'role', post.role) : '';
}

/*
 * The text to show for a failed request (an ApiError or any error: the
 * server's message in the UI language; the broken rule's id is
 * errorDetail's), or for a failed check of the log (a VerifyError of
 * tlog.js: audit.failure.<code>).
 */
export function errorText(error) {
  if (error && error.name === 'VerifyError') {
    const key = `audit.failure.${error.code}`;
    return i18n.global.te(key) ? i18n.global.t(key, error.params || {}) : error.message;
  }
  if (!error || error.status === 0) {
    return i18n.global.t('errors.network');
  }
  return error.message || i18n.global.t('common.loadFailed');
}

/* The detail line of an error or a flag that names its rule ("依据规则：notice.adhoc"), '' when none does: the rule's id, for those who look it up, never in the message itself. */
export function errorDetail(error) {
  return error && error.rule ? i18n.global.t('errors.ruleDetail', { rule: error.rule }) : '';
}

/*
 * An event type ("person.updated") in the UI language: its action, and its
 * entity named as the API's description names it (entities.js); the type
 * itself until the description has loaded, or when it names no entity.
 */
export function eventTypeLabel(type) {
  const [entity, action, ...rest] = String(type ?? '').split('.');
  const { t, te, locale } = i18n.global;
  const name = entityTitle(openapi.value, entity, locale.value);
  if (rest.length > 0 || !name || !te(`eventAction.${action}`)) {
    return String(type ?? '');
  }
  return t('audit.typeLabel', { entity: name, action: t(`eventAction.${action}`) });
}

/* Translates an enumerated API value (`group.value`), falling back to the value. */
export function translateEnum(group, value) {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  const key = `${group}.${value}`;
  return i18n.global.te(key) ? i18n.global.t(key) : String(value);
}

/*
 * The label of `value` of an enumeration that a command declares (its
 * `x-labels`), in the UI language: commandEnumLabel('task.update',
 * 'status', 'done') → "已完成". Shows the value itself until the API's
 * description has loaded (pages await schemaReady() in their loader).
 */
export function commandEnumLabel(command, field, value) {
  return enumLabel(openapi.value, command, field, value, i18n.global.locale.value);
}

/* The choices [{value, label}] of an enumeration a command declares, labelled in the UI language ([] until loaded). */
export function commandEnumOptions(command, field) {
  return enumOf(openapi.value, command, field).map((c) => ({ value: c.value, label: textIn(c.label, i18n.global.locale.value) }));
}

/*
 * The label of `value` of enumeration `key` of the rows a query answers
 * (its entity's column, or what the query adds: a matter's status), in the
 * UI language; the value itself until the description has loaded.
 */
export function queryEnumLabel(query, key, value) {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  return choiceText(queryEnumOf(openapi.value, query, key), value, i18n.global.locale.value);
}

/* The choices [{value, label}] of enumeration `key` of the rows a query answers, labelled in the UI language ([] until loaded). */
export function queryEnumOptions(query, key) {
  return queryEnumOf(openapi.value, query, key).map((c) => ({ value: c.value, label: textIn(c.label, i18n.global.locale.value) }));
}

/*
 * The label of `value` of enumeration `key` of an entity's rows, where an
 * answer carries them inside another (entities.js entityEnumOf), in the
 * UI language: entityEnumLabel('agenda_item', 'status', 'voting') →
 * "表决中", entityEnumLabel('matter', 'category', 'large_fund') →
 * "大额资金使用" (a category the server does not name: the value
 * itself); the value itself until the description has loaded.
 */
export function entityEnumLabel(entity, key, value) {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  return choiceText(entityEnumOf(openapi.value, entity, key), value, i18n.global.locale.value);
}

/* A label the API answers ({'zh-CN', en}: the role of GET /session) in the UI language, English in sentence case; '' for none. */
export function apiLabel(label) {
  if (!label || typeof label !== 'object') {
    return '';
  }
  return textIn({ 'zh-CN': label['zh-CN'], en: sentence(label.en) }, i18n.global.locale.value);
}

/* The label of field `name` of a command in the UI language ('' until loaded), for the pages' own dialogs. */
export function commandFieldLabel(command, name) {
  return openapi.value ? textIn(fieldLabel(openapi.value, command, name), i18n.global.locale.value) : '';
}
