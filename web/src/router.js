/*
 * The app's routes. Township pages carry the township id in the path
 * (/t/diankou/members); the server answers index.html for these paths.
 */
import { createRouter, createWebHistory } from 'vue-router';
import { homeRoute } from './areas/monitor/monitor.js';

const routes = [
  /* The monitor on the commission's monitor node, the townships on a township node (monitor.js). */
  { path: '/', name: 'home', beforeEnter: homeRoute },
  { path: '/login', name: 'login', component: () => import('./areas/session/LoginView.vue') },
  { path: '/townships', name: 'townships', component: () => import('./areas/org/TownshipsView.vue') },
  /* The public log: ?index=N shows entry N, ?page=N a page of entries. */
  { path: '/audit', name: 'audit', component: () => import('./areas/log/AuditView.vue') },
  /* The commission's monitor: the followed nodes and the alerts; one node, its origin's slashes kept. */
  { path: '/monitor', name: 'monitor', component: () => import('./areas/monitor/MonitorView.vue') },
  { path: '/monitor/nodes/:origin(.*)', name: 'monitor-node', component: () => import('./areas/monitor/MonitorNodeView.vue') },
  { path: '/t/:tid', name: 'township', component: () => import('./areas/org/TownshipView.vue') },
  {
    path: '/t/:tid/bodies', name: 'bodies',
    component: () => import('./areas/org/OrganizationsView.vue'), props: { group: 'bodies' },
  },
  {
    path: '/t/:tid/departments', name: 'departments',
    component: () => import('./areas/org/OrganizationsView.vue'), props: { group: 'departments' },
  },
  { path: '/t/:tid/organizations/:id', name: 'organization', component: () => import('./areas/org/OrganizationView.vue') },
  { path: '/t/:tid/members', name: 'members', component: () => import('./areas/org/MembersView.vue') },
  { path: '/t/:tid/people/:id', name: 'person', component: () => import('./areas/org/PersonView.vue') },
  { path: '/t/:tid/meetings', name: 'meetings', component: () => import('./areas/meetings/MeetingsView.vue') },
  { path: '/t/:tid/meetings/:id', name: 'meeting', component: () => import('./areas/meetings/MeetingView.vue') },
  /* The meeting-room view of one agenda item (tablet layout). */
  { path: '/t/:tid/items/:id', name: 'item', component: () => import('./areas/meetings/AgendaItemView.vue') },
  { path: '/t/:tid/matters', name: 'matters', component: () => import('./areas/meetings/MattersView.vue') },
  { path: '/t/:tid/matters/:id', name: 'matter', component: () => import('./areas/meetings/MatterView.vue') },
  /* Resolutions (passed items) and their execution tasks. */
  { path: '/t/:tid/resolutions', name: 'resolutions', component: () => import('./areas/tasks/ResolutionsView.vue') },
  { path: '/t/:tid/tasks', name: 'tasks', component: () => import('./areas/tasks/TasksView.vue') },
  /* The deliberation rules (rulebook): the city's, or a township's with its override. */
  { path: '/rulebook', name: 'rulebook', component: () => import('./areas/rulebook/RulebookView.vue') },
  { path: '/t/:tid/rulebook', name: 'township-rulebook', component: () => import('./areas/rulebook/RulebookView.vue') },
  { path: '/t/:tid/indicators', name: 'indicators', component: () => import('./areas/indicators/IndicatorsView.vue') },
  { path: '/t/:tid/budgets', name: 'budgets', component: () => import('./areas/budget/BudgetsView.vue') },
  { path: '/t/:tid/budgets/:id', name: 'budget', component: () => import('./areas/budget/BudgetView.vue') },
  { path: '/t/:tid/budget_lines/:id', name: 'budgetLine', component: () => import('./areas/budget/BudgetLineView.vue') },
  /* The signed-in member's notifications. */
  { path: '/inbox', name: 'inbox', component: () => import('./areas/meetings/InboxView.vue') },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./NotFoundView.vue') },
];

/* Route names of township pages that make sense in any township. */
export const TOWNSHIP_PAGES = ['township', 'bodies', 'departments', 'members', 'meetings', 'matters', 'indicators', 'budgets', 'resolutions', 'tasks', 'township-rulebook'];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});
