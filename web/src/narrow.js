/*
 * `narrow`: true while the window is a phone's (600 px wide or less). The
 * header collapses to a bar with a menu, and ResourceTable shows its rows
 * as cards; style.css uses the same width (PHONE_QUERY) for what CSS alone
 * can do (dialogs, paddings).
 */
import { ref } from 'vue';

export const PHONE_QUERY = '(max-width: 600px)';

export const narrow = ref(false);

if (typeof window !== 'undefined' && typeof window.matchMedia === 'function') {
  const media = window.matchMedia(PHONE_QUERY);
  narrow.value = media.matches;
  media.addEventListener('change', (event) => {
    narrow.value = event.matches;
  });
}
