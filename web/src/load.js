/*
 * useLoad(): loads data for a page and reloads it when its inputs change
 * (usually route parameters or the UI language), keeping `loading` and
 * `error` (an ApiError) for the template; `refresh()` fetches again
 * quietly (live updates, live.js).
 *
 *   const { data, loading, error, reload } = useLoad(
 *     () => api.getItem(`/people/${seg(route.params.id)}`),
 *     () => route.params.id);
 */
import { ref, shallowRef, watch } from 'vue';

export function useLoad(fetcher, source, { immediate = true } = {}) {
  const data = shallowRef(null);
  const loading = ref(false);
  const error = shallowRef(null);
  let generation = 0;

  async function reload() {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const result = await fetcher();
      if (mine === generation) {
        data.value = result;
      }
    } catch (err) {
      if (mine === generation) {
        error.value = err;
        data.value = null;
      }
    } finally {
      if (mine === generation) {
        loading.value = false;
      }
    }
  }

  /* Fetches again without showing the loading state, and keeps what is
   * shown when that fails (live updates; a later change tries again). A
   * reload started meanwhile wins. */
  async function refresh() {
    const mine = generation;
    try {
      const result = await fetcher();
      if (mine === generation && !loading.value) {
        data.value = result;
      }
    } catch {
      /* keep the data shown */
    }
  }

  if (source) {
    watch(source, reload, { immediate });
  } else if (immediate) {
    reload();
  }
  return { data, loading, error, reload, refresh };
}
