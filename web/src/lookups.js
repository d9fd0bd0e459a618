/*
 * Lists that forms offer as choices: a township's departments, its people,
 * and the posts of its party committee (for adding a committee membership),
 * its budgets' lines, the cities; and the option functions of a form's
 * reference fields (personChoices, departmentChoices, budgetLineChoices,
 * cityChoices: () => Promise of [{value, label}]).
 */
import { api, seg } from './api.js';
import { localName } from './i18n/index.js';

export async function departmentsOf(tid) {
  return (await api.list(`/townships/${seg(tid)}/departments`, { limit: 200 })).items;
}

export async function citiesOf() {
  return (await api.list('/cities', { limit: 200 })).items;
}

export async function peopleOf(tid) {
  return (await api.list(`/townships/${seg(tid)}/people`, { limit: 200 })).items;
}

/* The township's party committee (class `committee`), or null. */
export async function committeeOf(tid) {
  const bodies = (await api.list(`/townships/${seg(tid)}/bodies`, { limit: 200 })).items;
  return bodies.find((b) => b.class === 'committee') || null;
}

/* The posts of the township's party committee ([] when it has none). */
export async function committeePostsOf(tid) {
  const committee = await committeeOf(tid);
  if (!committee) {
    return [];
  }
  return (await api.list(`/organizations/${seg(committee.id)}/posts`, { limit: 200 })).items;
}

/* The options of a field naming one of township `tid`'s people (owner_id, convener_id, ...). */
export function personChoices(tid) {
  return async () => (await peopleOf(tid)).map((p) => ({ value: p.id, label: localName(p) }));
}

/* The options of a field naming one of township `tid`'s departments (department_id). */
export function departmentChoices(tid) {
  return async () => (await departmentsOf(tid)).map((d) => ({ value: d.id, label: localName(d) }));
}

/* The lines of every budget of township `tid`, each with its budget ({budget, line}), the newest fiscal year first. */
export async function budgetLinesOf(tid) {
  const budgets = (await api.list(`/townships/${seg(tid)}/budgets`, { limit: 200 })).items;
  budgets.sort((a, b) => b.fiscal_year - a.fiscal_year || b.id - a.id);
  const full = await Promise.all(budgets.map((b) => api.getItem(`/budgets/${seg(b.id)}`)));
  return full.flatMap((budget) => (budget.lines || []).map((line) => ({ budget, line })));
}

/* The options of a field naming a budget line (budget_line_id): its purpose and its budget's title (or fiscal year). */
export function budgetLineChoices(tid) {
  return async () => (await budgetLinesOf(tid)).map(({ budget, line }) => ({
    value: line.id,
    label: `${line.purpose} · ${budget.title || budget.fiscal_year}`,
  }));
}

/* The options of a field naming a city (city_id). */
export function cityChoices() {
  return async () => (await citiesOf()).map((c) => ({ value: c.id, label: localName(c) }));
}
