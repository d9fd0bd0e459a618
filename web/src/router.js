/*
 * The app's routes. Township pages carry the township id in the path
 * (/t/diankou/members); the server answers index.html for these paths.
 */
import { createRouter, createWebHistory } from 'vue-router';

const routes = [
  { path: '/', redirect: '/townships' },
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue') },
  { path: '/townships', name: 'townships', component: () => import('./views/TownshipsView.vue') },
  /* The public log: ?index=N shows entry N, ?page=N a page of entries. */
  { path: '/audit', name: 'audit', component: () => import('./views/AuditView.vue') },
  { path: '/t/:tid', name: 'township', component: () => import('./views/TownshipView.vue') },
  {
    path: '/t/:tid/bodies', name: 'bodies',
    component: () => import('./views/OrganizationsView.vue'), props: { group: 'bodies' },
  },
  {
    path: '/t/:tid/departments', name: 'departments',
    component: () => import('./views/OrganizationsView.vue'), props: { group: 'departments' },
  },
  { path: '/t/:tid/organizations/:id', name: 'organization', component: () => import('./views/OrganizationView.vue') },
  { path: '/t/:tid/members', name: 'members', component: () => import('./views/MembersView.vue') },
  { path: '/t/:tid/people/:id', name: 'person', component: () => import('./views/PersonView.vue') },
  { path: '/t/:tid/meetings', name: 'meetings', component: () => import('./views/MeetingsView.vue') },
  { path: '/t/:tid/meetings/:id', name: 'meeting', component: () => import('./views/MeetingView.vue') },
  /* The meeting-room view of one agenda item (tablet layout). */
  { path: '/t/:tid/items/:id', name: 'item', component: () => import('./views/AgendaItemView.vue') },
  { path: '/t/:tid/matters', name: 'matters', component: () => import('./views/MattersView.vue') },
  { path: '/t/:tid/matters/:id', name: 'matter', component: () => import('./views/MatterView.vue') },
  { path: '/t/:tid/indicators', name: 'indicators', component: () => import('./views/IndicatorsView.vue') },
  { path: '/t/:tid/budgets', name: 'budgets', component: () => import('./views/BudgetsView.vue') },
  { path: '/t/:tid/budgets/:id', name: 'budget', component: () => import('./views/BudgetView.vue') },
  /* The signed-in member's notifications. */
  { path: '/inbox', name: 'inbox', component: () => import('./views/InboxView.vue') },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
];

/* Route names of township pages that make sense in any township. */
export const TOWNSHIP_PAGES = ['township', 'bodies', 'departments', 'members', 'meetings', 'matters', 'indicators', 'budgets'];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});
