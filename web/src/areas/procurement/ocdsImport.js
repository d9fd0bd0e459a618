/*
 * Importing an OCDS release package (ocds.import, docs/procurement.md
 * "Open data"), free of Vue (tests: ocdsImport.test.js): what an import
 * answered, as the dialog shows it (how many projects, each with its id
 * for its link, its title and status, the package's digest and the log
 * entry), and where a refusal points: a place in the package, which the
 * dialog shows as the server names it (`releases[1].tender.value.currency`),
 * or one of the import's own query parameters (`matter_id`), which it
 * names by its label.
 */

export const IMPORT_COMMAND = 'ocds.import';

/*
 * The summary of the import's answer `answer` ({"item": {"projects":
 * [rows], "sha256"}, "event"}): {count, projects: [{id, title, status,
 * ocid}] in the package's order, sha256, logIndex (the index of the last
 * record it wrote in the public log, null when the answer names none)}.
 */
export function importSummary(answer) {
  const item = (answer && answer.item) || {};
  const rows = Array.isArray(item.projects) ? item.projects : [];
  const projects = rows.map((p) => ({ id: p.id, title: p.title || '', status: p.status || '', ocid: p.ocid ?? null }));
  const event = answer && answer.event;
  const logIndex = event ? event.log_index ?? event.seq ?? null : null;
  return { count: projects.length, projects, sha256: item.sha256 || '', logIndex };
}

/* The headline of summary `summary` with the catalogues' `t`: "已导入 2 个项目" ("Imported 1 project", "Imported 2 projects"). */
export function importHeadline(summary, t) {
  return t(summary.count === 1 ? 'ocdsImport.doneOne' : 'ocdsImport.done', { count: summary.count });
}

/*
 * Where refusal `error` (an ApiError: status, code, message, field) of an
 * import whose query parameters are `parameters` ({name: ...}, from
 * uploadRulesOf) points: {place (the field as the server names it, a
 * place in the package such as `releases[0].ocid`; null when it names
 * none or names a parameter), parameter (the parameter's name,
 * `matter_id`, else null)}.
 */
export function refusalPlace(error, parameters = {}) {
  const field = error && error.field ? String(error.field) : null;
  const parameter = field !== null && Object.hasOwn(parameters || {}, field) ? field : null;
  return { place: parameter ? null : field, parameter };
}
