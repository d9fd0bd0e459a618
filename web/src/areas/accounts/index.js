/*
 * The accounts area: everyone's own account (the password, API tokens)
 * and the administrator's users. Its routes (assembled by router.js) and
 * its texts in both languages (assembled by i18n/catalogues.js).
 */
import zhCN from './zh-CN.js';
import en from './en.js';

export const routes = [
  { path: '/account', name: 'account', component: () => import('./AccountView.vue') },
  { path: '/users', name: 'users', component: () => import('./UsersView.vue') },
];

export const messages = { 'zh-CN': zhCN, en };
