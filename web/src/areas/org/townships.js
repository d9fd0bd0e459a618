/*
 * The township list for the header's picker, loaded once and refreshed after
 * a township is created or renamed.
 */
import { reactive } from 'vue';
import { api } from '../../api.js';

export const townships = reactive({ items: [], loaded: false, error: null });

export async function loadTownships() {
  try {
    const result = await api.list('/townships', { limit: 200 });
    townships.items = result.items;
    townships.error = null;
  } catch (error) {
    townships.error = error;
  } finally {
    townships.loaded = true;
  }
}

export function findTownship(id) {
  return townships.items.find((item) => item.id === id) || null;
}
