/*
 * The app's routes: each area's (areas/<area>/index.js), between the home
 * page and the not-found page. Township pages carry the township id in the
 * path (/t/diankou/members); the server answers index.html for these paths.
 */
import { createRouter, createWebHistory } from 'vue-router';
import * as areas from './areas/index.js';
import { homeRoute } from './areas/monitor/monitor.js';
import { session, sessionReady } from './session.js';

/*
 * Where `/` leads: the monitor on the commission's monitor node
 * (areas/monitor/monitor.js), whoever asks; elsewhere a signed-in user's
 * to-do (areas/workbench) and the public's townships.
 */
async function home() {
  const target = await homeRoute();
  if (target.name !== 'townships') {
    return target;
  }
  await sessionReady();
  return session.user ? { name: 'todo' } : target;
}

const routes = [
  { path: '/', name: 'home', beforeEnter: home },
  ...Object.values(areas).flatMap((area) => area.routes),
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./NotFoundView.vue') },
];

/* Route names of township pages that make sense in any township (and the list pages of entities, entities.js entityRoute). */
export const TOWNSHIP_PAGES = [
  'township', 'bodies', 'departments', 'members', 'meetings', 'matters', 'indicators', 'budgets', 'resolutions', 'tasks', 'township-rulebook',
  ...routes.filter((r) => r.meta && r.meta.nav).map((r) => r.name),
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});
