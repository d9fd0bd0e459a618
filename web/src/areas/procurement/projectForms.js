/*
 * The forms of a project's steps (docs/procurement.md), each from its
 * declared command's request schema (schema.js, commandFields) with what
 * the API cannot know: the choices of its references (the township's
 * matters, bidders and evaluators, the project's bids), today's date and
 * the prices already on record as defaults. Each is sent through runStep,
 * which asks for a justification when the rulebook flags the step.
 */
import { api, seg, unwrapItem } from '../../api.js';
import { i18n } from '../../i18n/index.js';
import { openForm } from '../../forms.js';
import { commandFields } from '../../schema.js';
import { formatYuan, todayInShanghai, toYuan } from '../../format.js';
import { runStep } from '../meetings/decisions.js';
import { STEPS, rankedBids } from './procurement.js';

/* The township's matters, newest first, as the choices of a project's matter (its form, the import of a release package). */
export function matterChoices(tid) {
  return async () => (await api.list(`/townships/${seg(tid)}/matters`, { limit: 200 })).items.map((m) => ({ value: m.id, label: m.title }));
}

/* The township's bidders, as the choices of a bid's bidder or a direct purchase's supplier. */
export function bidderChoices(tid) {
  return async () => (await api.list(`/townships/${seg(tid)}/bidders`, { limit: 200 })).items.map((b) => ({ value: b.id, label: b.name }));
}

/* The township's evaluators on the register, as the choices of a panel. */
function evaluatorChoices(tid) {
  return async () => (await api.list(`/townships/${seg(tid)}/evaluators`, { limit: 200 })).items
    .filter((e) => e.active !== false && e.active !== 0)
    .map((e) => ({ value: e.id, label: `${e.name} · ${e.employer} · ${e.specialty}` }));
}

const today = () => todayInShanghai();

/* Registers a project of township `tid` from one of its matters; resolves to the project or null. */
export async function createProject(tid) {
  const t = i18n.global.t;
  const saved = await openForm({
    formId: 'project',
    title: t('procurement.create'),
    fields: commandFields('project.create', {
      fields: { matter_id: { options: matterChoices(tid), note: 'procurement.createNote' } },
    }),
    submit: (payload) => runStep((extra) => api.post(`/townships/${seg(tid)}/projects`, { ...payload, ...extra }), { rethrow: true }),
  });
  return saved ? unwrapItem(saved) : null;
}

/* The fields of step `key` of `project` in township `tid`. */
function stepFields(key, project, tid) {
  const winner = rankedBids(project).find((b) => b.id === project.awarded_bid_id);
  switch (key) {
    case 'design':
      return commandFields('project.design', { fields: { approved_on: { default: today } } });
    case 'controlPrice':
      return commandFields('project.control_price', {
        fields: { control_price_fen: { default: () => toYuan(project.amount_fen) }, reviewed_on: { default: today } },
      });
    case 'tender':
      return commandFields('project.tender');
    case 'bid':
      return commandFields('bid.submit', { fields: { bidder_id: { options: bidderChoices(tid) } } });
    case 'panel':
      return commandFields('project.panel', {
        fields: {
          size: { note: 'procurement.panel.drawNote' },
          evaluator_ids: { type: 'select', multiple: true, options: evaluatorChoices(tid), toApi: (v) => (v.length ? v : null) },
        },
      });
    case 'award':
      return commandFields('project.award', {
        fields: {
          bid_id: {
            options: async () => rankedBids(project).map((b) => ({
              value: b.id,
              label: [b.rank ? `${b.rank}.` : '', b.bidder_name, formatYuan(b.price_fen)].filter(Boolean).join(' '),
            })),
            default: () => rankedBids(project).find((b) => b.rank === 1)?.id ?? null,
          },
          awarded_on: { default: today },
        },
      });
    case 'contract':
      return commandFields('project.contract', {
        omit: project.method === 'direct' ? [] : ['supplier_id'],
        fields: {
          price_fen: { default: () => (winner ? toYuan(winner.price_fen) : undefined) },
          signed_on: { default: today },
          starts_on: { default: today },
          ...(project.method === 'direct' ? { supplier_id: { options: bidderChoices(tid), required: true } } : {}),
        },
      });
    case 'changeOrder':
      return commandFields('change_order.create', { fields: { approved_on: { default: today } } });
    case 'acceptance':
      return commandFields('project.acceptance', {
        fields: {
          accepted_on: { default: today },
          inspectors: {
            type: 'textarea',
            note: 'procurement.acceptance.inspectorsNote',
            toApi: (v) => String(v).split(/[\n,，、]+/).map((s) => s.trim()).filter(Boolean),
          },
        },
      });
    case 'settlement':
      return commandFields('project.settlement', {
        fields: { amount_fen: { default: () => (project.contract_price_fen ? toYuan(project.contract_price_fen) : undefined) }, settled_on: { default: today } },
      });
    default:
      throw new Error(`no form for step ${key}`);
  }
}

/* Opens the form of step `key` (not the opening, not the bid review: ProjectView has their own) of `project`; resolves to the answer or null. */
export function openStep(key, project, tid) {
  const t = i18n.global.t;
  const step = STEPS.find((s) => s.key === key);
  return openForm({
    formId: `step-${key}`,
    title: `${t(`procurement.step.${key}`)} · ${project.title}`,
    fields: stepFields(key, project, tid),
    successMessage: t(`procurement.done.${key}`),
    submit: (payload) => runStep((extra) => api.post(`/projects/${seg(project.id)}/${step.path}`, { ...payload, ...extra }), { rethrow: true }),
  });
}
