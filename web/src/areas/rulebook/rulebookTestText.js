/*
 * Test support for the rulebook modules: a {t, te, locale, category} built
 * on the real message catalogues (so the tests also check that the keys
 * exist) and the categories' names of a sample of the API's description
 * (labelsTestDoc.js), and a small complete rulebook document like the
 * built-in default.
 */
import { messages } from '../../i18n/catalogues.js';
import { choiceText, entityEnumOf } from '../../entities.js';
import { LABELS_DOC } from '../../labelsTestDoc.js';

export function textFor(locale) {
  const catalogue = messages[locale === 'en' ? 'en' : 'zh-CN'];
  const get = (key) => key.split('.').reduce((node, k) => (node && typeof node === 'object' ? node[k] : undefined), catalogue);
  const categories = entityEnumOf(LABELS_DOC, 'matter', 'category');
  return {
    locale,
    category: (name) => choiceText(categories, name, locale),
    te: (key) => typeof get(key) === 'string',
    t: (key, params = {}) => {
      const message = get(key);
      if (typeof message !== 'string') {
        throw new Error(`no message ${key}`);
      }
      return message.replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
    },
  };
}

const category = (extra = {}) => ({
  collective: 'always',
  ballot: 'always',
  secret_ballot: false,
  public_tender: 'never',
  congress_vote: false,
  quorum: { compare: 'more_than', numerator: 1, denominator: 2 },
  pass: { compare: 'more_than', numerator: 1, denominator: 2, base: 'entitled' },
  notice_hours: 48,
  adhoc_allowed: true,
  secretary_last: true,
  ...extra,
});

/* A complete city document (version 2) with three categories. */
export function cityDocument() {
  return {
    version: 2,
    effective_from: '2026-09-01T16:00:00.000Z',
    township: null,
    city_version: null,
    thresholds: { large_fund_fen: 10000000, tender_fen: 50000000 },
    congress: {
      quorum: { compare: 'at_least', numerator: 2, denominator: 3 },
      pass: { compare: 'more_than', numerator: 1, denominator: 2, base: 'entitled' },
    },
    categories: {
      cadre_appointment: category({ secret_ballot: true, adhoc_allowed: false, quorum: { compare: 'at_least', numerator: 2, denominator: 3 } }),
      major_decision: category(),
      procurement_minor: category({ collective: 'from_large_fund', ballot: 'from_large_fund', public_tender: 'from_tender' }),
    },
    actions: {
      'notice.adhoc': 'flag',
      'notice.min_hours': 'flag',
      'statement.incomplete': 'refuse',
    },
  };
}
