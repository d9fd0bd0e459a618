/*
 * The app's routes: each area's (areas/<area>/index.js), between the home
 * page and the not-found page. Township pages carry the township id in the
 * path (/t/diankou/members); the server answers index.html for these paths.
 */
import { createRouter, createWebHistory } from 'vue-router';
import * as areas from './areas/index.js';
import { homeRoute } from './areas/monitor/monitor.js';

const routes = [
  /* The monitor on the commission's monitor node, the townships on a township node (areas/monitor/monitor.js). */
  { path: '/', name: 'home', beforeEnter: homeRoute },
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
