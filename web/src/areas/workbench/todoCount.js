/*
 * The signed-in user's to-do as the to-do page and the header's badge share
 * it: the last answer of GET /api/v1/todo and its total (todo.js
 * todoTotal), so that the page and the badge always agree. A city-wide
 * role (no township of its own) names the township it looks at; the one it
 * last picked is remembered in localStorage and is what the badge counts.
 */
import { reactive } from 'vue';
import { api } from '../../api.js';
import { session } from '../../session.js';
import { todoTotal } from './todo.js';

const STORAGE_KEY = 'probity.todoTownship';

/* The last answer (null before one, or when a city-wide user has picked no township), its total, and whose it is. */
export const todo = reactive({ answer: null, total: null, login: null });

/* True when the signed-in user has no township of their own (admin, commission inspector). */
export function isCityWide() {
  return !!session.user && !session.user.township;
}

/* The township a city-wide user last picked on the to-do page, or null. */
export function pickedTownship() {
  try {
    return localStorage.getItem(STORAGE_KEY) || null;
  } catch {
    return null;
  }
}

/* Remembers the township a city-wide user picked. */
export function pickTownship(id) {
  try {
    if (id) {
      localStorage.setItem(STORAGE_KEY, id);
    } else {
      localStorage.removeItem(STORAGE_KEY);
    }
  } catch {
    /* Private browsing may refuse storage; the page keeps the choice in its URL. */
  }
}

function clear() {
  todo.answer = null;
  todo.total = null;
  todo.login = null;
}

let generation = 0;

/*
 * Fetches the signed-in user's to-do (for a city-wide user, of `township`,
 * else of the township they last picked) and keeps it for the page and the
 * badge; the latest request wins. Resolves to the answer, or null when no
 * one is signed in or a city-wide user has no township to look at; rejects
 * with the ApiError of a refusal.
 */
export async function loadTodo(township = null) {
  const user = session.user;
  const mine = ++generation;
  const where = user && !user.township ? township || pickedTownship() : null;
  if (!user || (!user.township && !where)) {
    clear();
    return null;
  }
  if (todo.login !== user.login) {
    clear(); /* another user's number is not shown meanwhile */
  }
  const answer = await api.get('/todo', where ? { township: where } : undefined);
  if (mine === generation && session.user && session.user.login === user.login) {
    todo.answer = answer;
    todo.total = todoTotal(answer);
    todo.login = user.login;
  }
  return answer;
}
