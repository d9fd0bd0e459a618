/*
 * The rulebook area: the deliberation rules, the city's or a township's
 * with its override. Its routes (assembled by router.js) and its
 * texts in both languages (assembled by i18n/catalogues.js).
 */
import zhCN from './zh-CN.js';
import en from './en.js';

export const routes = [
  { path: '/rulebook', name: 'rulebook', component: () => import('./RulebookView.vue') },
  { path: '/t/:tid/rulebook', name: 'township-rulebook', component: () => import('./RulebookView.vue') },
];

export const messages = { 'zh-CN': zhCN, en };
