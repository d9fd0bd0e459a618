/*
 * The tasks area: resolutions (passed items) and their execution tasks. Its
 * routes (assembled by router.js) and its texts in both languages (assembled
 * by i18n/catalogues.js).
 */
import zhCN from './zh-CN.js';
import en from './en.js';

export const routes = [
  { path: '/t/:tid/resolutions', name: 'resolutions', component: () => import('./ResolutionsView.vue') },
  { path: '/t/:tid/tasks', name: 'tasks', component: () => import('./TasksView.vue') },
];

export const messages = { 'zh-CN': zhCN, en };
