/*
 * The workbench area: the signed-in user's to-do (我的待办), where they
 * land from `/`, and the header's link to it with the number waiting. Its
 * routes (assembled by router.js) and its texts in both languages
 * (assembled by i18n/catalogues.js).
 */
import zhCN from './zh-CN.js';
import en from './en.js';

export const routes = [
  { path: '/todo', name: 'todo', component: () => import('./TodoView.vue') },
];

export const messages = { 'zh-CN': zhCN, en };
