/*
 * The forms of the account pages, in the shared FormDialog (forms.js):
 * the administrator's over users (user.create, user.update, user.disable,
 * user.enable, user.reset_password, ending a user's sessions,
 * user.end_sessions, and resetting their two-factor sign-in,
 * user.totp_reset) and everyone's own API tokens (created by the route's
 * request schema, revoked after a confirmation). The fields, labels,
 * limits and the paths come from the API's description (schema.js,
 * accounts.js); the pages add the choices of townships, people, roles
 * and areas (a township administrator is offered their township, its
 * people and its working roles only), and the messages that name the
 * user as the office knows them.
 */
import { api, seg } from '../../api.js';
import { i18n } from '../../i18n/index.js';
import { openForm, confirmAndRun } from '../../forms.js';
import { loadSchema, commandFields, commandOf, enumOf, fieldsOf, textIn } from '../../schema.js';
import { fillPath } from '../../entities.js';
import { peopleOf } from '../../lookups.js';
import { townships, loadTownships } from '../org/townships.js';
import { session } from '../../session.js';
import { areaChoices, personOptions, TOKEN_CREATE, townshipOptions, userName, userScope, userTownship } from './accounts.js';

/* The path of API tokens (GET lists them, POST creates one). */
export const TOKENS_PATH = '/tokens';

/* The townships (the header's list, loaded once). */
async function townshipRows() {
  if (!townships.loaded || townships.error) {
    await loadTownships();
  }
  return townships.items;
}

/* The options of a field naming a township: every one, or only `only` (a township's id). */
export function townshipChoices(only = null) {
  return async () => townshipOptions((await townshipRows()).filter((t) => !only || t.id === only));
}

/* The options of a field naming a user's person: everyone on record in any township (or only in `only`), named with their township. */
export function anyPersonChoices(only = null) {
  return async () => {
    const rows = (await townshipRows()).filter((t) => !only || t.id === only);
    const people = await Promise.all(rows.map(async (township) => ({ township, items: await peopleOf(township.id) })));
    return personOptions(people);
  };
}

/* What a user is called in a message, in the UI language. */
function nameOf(user) {
  return i18n.global.locale.value === 'en' ? userName(user, { open: ' (', close: ')' }) : userName(user);
}

/* Command `name` as the API describes it, its label ("新增用户") in the UI language, and its path with the user's id. */
async function described(name, user) {
  const command = commandOf(await loadSchema(), name);
  return {
    command,
    title: textIn(command.label, i18n.global.locale.value),
    path: fillPath(command.path, { id: user ? user.id : undefined }),
  };
}

/* The title of a form on one user: the page's button and the user ("停用：寿振祥（diankou.clerk）"). */
function titleOn(action, user) {
  return i18n.global.t('users.dialogTitle', { action: i18n.global.t(action), name: nameOf(user) });
}

/*
 * The fields every form of a user's role, township and person takes, as
 * the signed-in user may fill them (`command`'s roles): a township
 * administrator their township (already chosen), its people and the roles
 * they may give.
 */
async function userFieldOptions(command) {
  const scope = userScope(session) || { township: null, roles: [] };
  const roles = enumOf(await loadSchema(), command, 'role').filter((c) => !scope.roles.length || scope.roles.includes(c.value));
  if (!scope.township) {
    return {
      role: { options: async () => roles },
      township: { options: townshipChoices(), hint: 'users.townshipHint' },
      person_id: { options: anyPersonChoices() },
    };
  }
  return {
    role: { options: async () => roles },
    township: { options: townshipChoices(scope.township), default: scope.township },
    person_id: { options: anyPersonChoices(scope.township) },
  };
}

/* Sends a command's body to its path with its method. */
function send(command, path, payload) {
  return command.method === 'PATCH' ? api.patch(path, payload) : api.post(path, payload);
}

/* Opens user.create's form; resolves to the answer ({item, event, password?}) or null. */
export async function createUser() {
  const { command, title, path } = await described('user.create');
  return openForm({
    formId: 'user',
    title,
    fields: commandFields('user.create', { fields: { ...(await userFieldOptions('user.create')), password: { hint: 'users.passwordHint' } } }),
    successMessage: i18n.global.t('users.createdMessage'),
    submit: (payload) => send(command, path, payload),
  });
}

/* Opens user.update's form (role, township, person) with the user's values; resolves to the answer or null. */
export async function updateUser(user) {
  const { command, path } = await described('user.update', user);
  const t = i18n.global.t;
  return openForm({
    formId: 'user-edit',
    title: titleOn('users.edit', user),
    fields: commandFields('user.update', { fields: await userFieldOptions('user.update') }),
    initial: { ...user, township: userTownship(user) },
    successMessage: t('users.updatedMessage', { name: nameOf(user) }),
    submit: (payload) => send(command, path, payload),
  });
}

/*
 * Opens the form of a command on one user that takes a reason or a
 * password (user.disable, user.enable, user.reset_password), under
 * `formId` and titled by the page's button `action`, saying `message`
 * once done; resolves to the answer or null. The form always sends (an
 * empty one too: an enable without a reason).
 */
async function userStep(name, user, { formId, action, message, fields = {} }) {
  const { command, path } = await described(name, user);
  const t = i18n.global.t;
  return openForm({
    formId,
    title: titleOn(action, user),
    fields: commandFields(name, { fields }),
    successMessage: t(message, { name: nameOf(user) }),
    submit: (payload) => send(command, path, payload),
  });
}

/* Disables a user: the reason asked for. */
export function disableUser(user) {
  return userStep('user.disable', user, { formId: 'user-disable', action: 'users.disable', message: 'users.disabledMessage' });
}

/* Enables a disabled user: a reason may be given. */
export function enableUser(user) {
  return userStep('user.enable', user, { formId: 'user-enable', action: 'users.enable', message: 'users.enabledMessage' });
}

/* Sets a user's password anew: typed, or generated by the server when left empty (the answer's `password`). */
export function resetPassword(user) {
  return userStep('user.reset_password', user, {
    formId: 'user-password', action: 'users.resetPassword', message: 'users.passwordResetMessage', fields: { password: { hint: 'users.passwordHint' } },
  });
}

/* Ends every session of a user and revokes their tokens, once confirmed; resolves to true when done. */
export async function endSessions(user) {
  const { command, path } = await described('user.end_sessions', user);
  const t = i18n.global.t;
  const name = nameOf(user);
  return confirmAndRun({
    message: t('users.endConfirm', { name }),
    action: () => send(command, path, {}),
    successKey: 'users.endedMessage',
    name,
  });
}

/* Resets a user's two-factor sign-in (a lost phone), ending their sessions, once confirmed; resolves to true when done. */
export async function resetTotp(user) {
  const { command, path } = await described('user.totp_reset', user);
  const t = i18n.global.t;
  const name = nameOf(user);
  return confirmAndRun({
    message: t('users.resetTotpConfirm', { name }),
    action: () => send(command, path, {}),
    successKey: 'users.totpResetMessage',
    name,
  });
}

/* Opens the form creating one of the user's API tokens; resolves to the answer ({item, token}) or null. */
export async function createToken() {
  const doc = await loadSchema();
  const t = i18n.global.t;
  return openForm({
    formId: 'token',
    title: t('account.createToken'),
    fields: fieldsOf(doc, TOKEN_CREATE, {
      fields: {
        township: { options: townshipChoices(), hint: 'account.anyTownship' },
        area: { options: async () => areaChoices(doc), hint: 'account.anyArea' },
      },
    }),
    successMessage: t('account.tokenCreated'),
    submit: (payload) => api.post(TOKENS_PATH, payload),
  });
}

/* Revokes one of the user's tokens, once confirmed; resolves to true when done. */
export function revokeToken(token) {
  const t = i18n.global.t;
  return confirmAndRun({
    message: t('account.revokeConfirm', { label: token.label }),
    action: () => api.del(`${TOKENS_PATH}/${seg(token.id)}`),
    successKey: 'account.revoked',
    name: token.label,
  });
}
