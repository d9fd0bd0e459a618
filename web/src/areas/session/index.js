/*
 * The session area: signing in. Its routes (assembled by router.js) and its
 * texts in both languages (assembled by i18n/catalogues.js).
 */
import zhCN from './zh-CN.js';
import en from './en.js';

export const routes = [
  { path: '/login', name: 'login', component: () => import('./LoginView.vue') },
];

export const messages = { 'zh-CN': zhCN, en };
