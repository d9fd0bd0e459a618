/*
 * The app's routes: each area's (areas/<area>/index.js; the portal's is the
 * home page), then the not-found page. Township pages carry the township id in the
 * path (/t/diankou/members); the server answers index.html for these paths.
 */
import { createRouter, createWebHistory } from 'vue-router';
import * as areas from './areas/index.js';

const routes = [
  ...Object.values(areas).flatMap((area) => area.routes),
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./NotFoundView.vue') },
];

/* Route names of township pages that make sense in any township (and the list pages of entities, entities.js entityRoute). */
export const TOWNSHIP_PAGES = [
  'township', 'bodies', 'departments', 'members', 'meetings', 'matters', 'indicators', 'budgets', 'projects', 'savings', 'redFlags', 'resolutions', 'tasks', 'township-rulebook',
  ...routes.filter((r) => r.meta && r.meta.nav).map((r) => r.name),
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});
