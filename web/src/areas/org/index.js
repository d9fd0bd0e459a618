/*
 * The org area: townships, the township overview, bodies and departments,
 * members and people, villages (a list page from the API's description). Its routes (assembled by router.js) and its texts in
 * both languages (assembled by i18n/catalogues.js).
 */
import zhCN from './zh-CN.js';
import en from './en.js';
import { entityRoute } from '../../entities.js';

export const routes = [
  { path: '/townships', name: 'townships', component: () => import('./TownshipsView.vue') },
  { path: '/t/:tid', name: 'township', component: () => import('./TownshipView.vue') },
  {
    path: '/t/:tid/bodies', name: 'bodies',
    component: () => import('./OrganizationsView.vue'), props: { group: 'bodies' },
  },
  {
    path: '/t/:tid/departments', name: 'departments',
    component: () => import('./OrganizationsView.vue'), props: { group: 'departments' },
  },
  { path: '/t/:tid/organizations/:id', name: 'organization', component: () => import('./OrganizationView.vue') },
  { path: '/t/:tid/members', name: 'members', component: () => import('./MembersView.vue') },
  { path: '/t/:tid/people/:id', name: 'person', component: () => import('./PersonView.vue') },
  entityRoute({ path: '/t/:tid/villages', query: 'org.village_list', create: 'org.village_create', update: 'org.village_update', remove: 'org.village_delete' }),
];

export const messages = { 'zh-CN': zhCN, en };
