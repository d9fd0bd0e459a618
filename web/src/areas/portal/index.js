/*
 * The portal area: the public home page at `/` (what the system is, a
 * township finder and the latest resolutions across the city). A
 * signed-in user is led on to their to-do, and the commission's monitor
 * node to the monitor (home.js). Its routes (assembled by router.js) and
 * its texts in both languages (assembled by i18n/catalogues.js).
 */
import zhCN from './zh-CN.js';
import en from './en.js';
import { home } from './home.js';

export const routes = [
  { path: '/', name: 'home', component: () => import('./HomeView.vue'), beforeEnter: home },
];

export const messages = { 'zh-CN': zhCN, en };
