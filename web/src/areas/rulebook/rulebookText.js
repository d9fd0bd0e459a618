/*
 * The {t, te, locale} object the rulebook modules (rulebookDoc.js,
 * rulebookDiff.js) take, from vue-i18n, for the rulebook page and its
 * components; it follows the UI language.
 */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

export function useRulebookText() {
  const { t, te, locale } = useI18n();
  return computed(() => ({ t, te, locale: locale.value }));
}
