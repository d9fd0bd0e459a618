/*
 * The works and purchases area (工程项目与采购, docs/procurement.md): a
 * township's projects and each project's steps, its registers of bidders
 * and evaluators (list pages of their entities, entityRoute), the saving
 * rates by year and the red-flag board. Its routes (assembled by
 * router.js) and its texts in both languages, loaded with its pages
 * (`lazyMessages`: i18n/catalogues.js, README.md "Texts").
 */
import { entityRoute } from '../../entities.js';

/* The people of the township in view (its id from the page's path, /t/<tid>/evaluators), the choices of an evaluator's `person_id`, loaded when the form opens. */
async function townshipPeople() {
  const { personChoices } = await import('../../lookups.js');
  const tid = decodeURIComponent((/^\/t\/([^/]+)\//.exec(window.location.pathname) || [])[1] || '');
  return personChoices(tid)();
}

export const lazyMessages = () =>
  Promise.all([import('./zh-CN.js'), import('./en.js')]).then(([zhCN, en]) => ({ 'zh-CN': zhCN.default, en: en.default }));
const meta = { texts: lazyMessages };

export const routes = [
  { path: '/t/:tid/projects', name: 'projects', component: () => import('./ProjectsView.vue'), meta },
  { path: '/t/:tid/projects/:id', name: 'project', component: () => import('./ProjectView.vue'), meta },
  entityRoute({ path: '/t/:tid/bidders', name: 'bidders', query: 'bidder.list', create: 'bidder.create', update: 'bidder.update' }),
  entityRoute({ path: '/t/:tid/evaluators', name: 'evaluators', query: 'evaluator.list', create: 'evaluator.create', update: 'evaluator.update', fields: { person_id: { options: townshipPeople }, active: { default: true } } }),
  { path: '/t/:tid/savings', name: 'savings', component: () => import('./SavingsView.vue'), meta },
  { path: '/t/:tid/red_flags', name: 'redFlags', component: () => import('./RedFlagsView.vue'), meta },
];

/* Its texts come with its pages, not with the first page. */
export const messages = { 'zh-CN': {}, en: {} };
