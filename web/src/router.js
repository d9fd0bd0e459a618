/*
 * The app's routes. Township pages carry the township id in the path
 * (/t/diankou/members); the server answers index.html for these paths.
 */
import { createRouter, createWebHistory } from 'vue-router';
import { homeRoute } from './monitor.js';

const routes = [
  /* The monitor on the commission's monitor node, the townships on a township node (monitor.js). */
  { path: '/', name: 'home', beforeEnter: homeRoute },
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue') },
  { path: '/townships', name: 'townships', component: () => import('./views/TownshipsView.vue') },
  /* The public log: ?index=N shows entry N, ?page=N a page of entries. */
  { path: '/audit', name: 'audit', component: () => import('./views/AuditView.vue') },
  /* The commission's monitor: the followed nodes and the alerts; one node, its origin's slashes kept. */
  { path: '/monitor', name: 'monitor', component: () => import('./views/MonitorView.vue') },
  { path: '/monitor/nodes/:origin(.*)', name: 'monitor-node', component: () => import('./views/MonitorNodeView.vue') },
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
  /* Resolutions (passed items) and their execution tasks. */
  { path: '/t/:tid/resolutions', name: 'resolutions', component: () => import('./views/ResolutionsView.vue') },
  { path: '/t/:tid/tasks', name: 'tasks', component: () => import('./views/TasksView.vue') },
  /* The deliberation rules (rulebook): the city's, or a township's with its override. */
  { path: '/rulebook', name: 'rulebook', component: () => import('./views/RulebookView.vue') },
  { path: '/t/:tid/rulebook', name: 'township-rulebook', component: () => import('./views/RulebookView.vue') },
  { path: '/t/:tid/indicators', name: 'indicators', component: () => import('./views/IndicatorsView.vue') },
  { path: '/t/:tid/budgets', name: 'budgets', component: () => import('./views/BudgetsView.vue') },
  { path: '/t/:tid/budgets/:id', name: 'budget', component: () => import('./views/BudgetView.vue') },
  { path: '/t/:tid/budget_lines/:id', name: 'budgetLine', component: () => import('./views/BudgetLineView.vue') },
  /* The signed-in member's notifications. */
  { path: '/inbox', name: 'inbox', component: () => import('./views/InboxView.vue') },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
];

/* Route names of township pages that make sense in any township. */
export const TOWNSHIP_PAGES = ['township', 'bodies', 'departments', 'members', 'meetings', 'matters', 'indicators', 'budgets', 'resolutions', 'tasks', 'township-rulebook'];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});
