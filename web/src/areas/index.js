/*
 * Every area of the web app, one line each: its folder's index.js exports
 * `routes` (vue-router rows, assembled by router.js) and `messages` (its
 * texts by language, assembled by i18n/catalogues.js). See README.md,
 * "Adding an area".
 */
export * as org from './org/index.js';
export * as meetings from './meetings/index.js';
export * as tasks from './tasks/index.js';
export * as indicators from './indicators/index.js';
export * as budget from './budget/index.js';
export * as procurement from './procurement/index.js';
export * as rulebook from './rulebook/index.js';
export * as log from './log/index.js';
export * as monitor from './monitor/index.js';
export * as session from './session/index.js';
export * as accounts from './accounts/index.js';
export * as workbench from './workbench/index.js';
export * as portal from './portal/index.js';
