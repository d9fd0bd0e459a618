/*
 * The indicators area: the 三多三少 indicators of a township. Its routes
 * (assembled by router.js) and its texts in both languages (assembled by
 * i18n/catalogues.js).
 */
import zhCN from './zh-CN.js';
import en from './en.js';

export const routes = [
  { path: '/t/:tid/indicators', name: 'indicators', component: () => import('./IndicatorsView.vue') },
];

export const messages = { 'zh-CN': zhCN, en };
