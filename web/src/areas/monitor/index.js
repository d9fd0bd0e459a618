/*
 * The monitor area: the commission's monitor. Its routes (assembled by
 * router.js) and its texts in both languages (assembled by
 * i18n/catalogues.js).
 */
import zhCN from './zh-CN.js';
import en from './en.js';

export const routes = [
  /* The followed nodes and the alerts; one node, its origin's slashes kept. */
  { path: '/monitor', name: 'monitor', component: () => import('./MonitorView.vue') },
  { path: '/monitor/nodes/:origin(.*)', name: 'monitor-node', component: () => import('./MonitorNodeView.vue') },
];

export const messages = { 'zh-CN': zhCN, en };
