/*
 * The budget area: budgets, their lines and expenditures. Its routes
 * (assembled by router.js) and its texts in both languages (assembled by
 * i18n/catalogues.js).
 */
import zhCN from './zh-CN.js';
import en from './en.js';

export const routes = [
  { path: '/t/:tid/budgets', name: 'budgets', component: () => import('./BudgetsView.vue') },
  { path: '/t/:tid/budgets/:id', name: 'budget', component: () => import('./BudgetView.vue') },
  { path: '/t/:tid/budget_lines/:id', name: 'budgetLine', component: () => import('./BudgetLineView.vue') },
];

export const messages = { 'zh-CN': zhCN, en };
