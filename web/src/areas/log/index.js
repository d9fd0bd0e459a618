/*
 * The log area: the audit page, the public log checked in the browser. Its
 * routes (assembled by router.js) and its texts in both languages
 * (assembled by i18n/catalogues.js).
 */
import zhCN from './zh-CN.js';
import en from './en.js';

export const routes = [
  /* ?index=N shows entry N, ?page=N a page of entries. */
  { path: '/audit', name: 'audit', component: () => import('./AuditView.vue') },
];

export const messages = { 'zh-CN': zhCN, en };
