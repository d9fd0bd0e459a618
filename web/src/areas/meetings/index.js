/*
 * The meetings area, the decision workbench: meetings, the meeting room,
 * matters, a member's notifications, a meeting's notice and minutes laid
 * out to print. Its routes (assembled by router.js) and its texts in both
 * languages (assembled by i18n/catalogues.js).
 */
import zhCN from './zh-CN.js';
import en from './en.js';

export const routes = [
  { path: '/t/:tid/meetings', name: 'meetings', component: () => import('./MeetingsView.vue') },
  { path: '/t/:tid/meetings/:id', name: 'meeting', component: () => import('./MeetingView.vue') },
  /* A meeting's notice and finalised minutes laid out to print (GB/T 9704). */
  { path: '/t/:tid/meetings/:id/notice', name: 'meeting-notice', component: () => import('./NoticePrintView.vue') },
  { path: '/t/:tid/meetings/:id/minutes', name: 'meeting-minutes', component: () => import('./MinutesPrintView.vue') },
  /* The meeting-room view of one agenda item (tablet layout). */
  { path: '/t/:tid/items/:id', name: 'item', component: () => import('./AgendaItemView.vue') },
  { path: '/t/:tid/matters', name: 'matters', component: () => import('./MattersView.vue') },
  { path: '/t/:tid/matters/:id', name: 'matter', component: () => import('./MatterView.vue') },
  /* The signed-in member's notifications. */
  { path: '/inbox', name: 'inbox', component: () => import('./InboxView.vue') },
];

export const messages = { 'zh-CN': zhCN, en };
