/*
 * The {t, te, locale, category} object the rulebook modules
 * (rulebookDoc.js, rulebookDiff.js) take, from vue-i18n and the API's
 * description (a category's name, as the server names a matter's
 * categories), for the rulebook page and its components; it follows the
 * UI language and the description once loaded.
 */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { openapi } from '../../schema.js';
import { entityEnumOf, choiceText } from '../../entities.js';

export function useRulebookText() {
  const { t, te, locale } = useI18n();
  return computed(() => {
    const names = entityEnumOf(openapi.value, 'matter', 'category');
    const current = locale.value;
    return { t, te, locale: current, category: (name) => choiceText(names, name, current) };
  });
}
