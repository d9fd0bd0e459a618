/*
 * What the account pages read from the API's description and its answers,
 * free of Vue and of the message catalogues (accounts.test.js): the name
 * of the token route's form (schema.js reads it as a command), the areas
 * a token may be limited to (the
 * description's tags marked `x-area`), the townships and people offered
 * as choices, the labels of a token's access, township and area, a
 * user's status and the name an office knows them by, whom the signed-in
 * user manages (every user, or a township administrator's township with
 * its working roles), and what the browser checks of a new password
 * itself (the repeat; the least length the description declares is the
 * page's note).
 */
import { commandOf, textIn, sentence } from '../../schema.js';

/* The token route's form and labels, read as a command of the API's description (schema.js): its method and path. */
export const TOKEN_CREATE = 'POST /tokens';

/*
 * The areas of the app a token may be limited to: the description's tags
 * marked `"x-area": true`, as [{value, label: {'zh-CN', en}}] in their
 * order (zh-CN `x-title`, English `x-title-en`).
 */
export function areaChoices(doc) {
  const tags = doc && Array.isArray(doc.tags) ? doc.tags : [];
  return tags.filter((tag) => tag && tag['x-area'] === true && tag.name).map((tag) => {
    const zh = tag['x-title'] || tag['x-title-en'] || tag.name;
    return { value: tag.name, label: { 'zh-CN': zh, en: sentence(tag['x-title-en'] || zh) } };
  });
}

/* The label of `value` among `choices` ([{value, label}]) in `locale`; the value itself when none names it, '' for none. */
export function choiceLabel(choices, value, locale) {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  const choice = choices.find((c) => c.value === value);
  return choice ? textIn(choice.label, locale) : String(value);
}

/* A record's name ({name, name_en}) in both languages. */
function names(obj) {
  const zh = obj.name || obj.name_en || '';
  return { 'zh-CN': zh, en: obj.name_en || zh };
}

/* The townships (GET /townships rows) as choices: [{value: id, label: {'zh-CN', en}}]. */
export function townshipOptions(townships) {
  return (townships || []).map((t) => ({ value: t.id, label: names(t) }));
}

/*
 * The people of every township as choices of a user's linked person:
 * `people` is [{township, items}] (a township row and its people); each
 * is named with their township ("寿振祥（店口镇）", "Shou Zhenxiang
 * (Diankou Town)"), the townships in the order given.
 */
export function personOptions(people) {
  return (people || []).flatMap(({ township, items }) => {
    const where = names(township);
    return (items || []).map((p) => {
      const who = names(p);
      return { value: p.id, label: { 'zh-CN': `${who['zh-CN']}（${where['zh-CN']}）`, en: `${who.en} (${where.en})` } };
    });
  });
}

/* True when user row `user` may not sign in: its status, or (older answers) the time it was disabled. */
export function isDisabled(user) {
  if (!user) {
    return false;
  }
  if (typeof user.status === 'string') {
    return user.status === 'disabled';
  }
  return !!user.disabled;
}

/* Why user row `user` was disabled, or '' when it was not (or no reason is recorded). */
export function disabledReason(user) {
  if (!isDisabled(user)) {
    return '';
  }
  return user.status_reason || user.disabled_reason || '';
}

/* The township of user row `user` (its id), or null for a city-wide role. */
export function userTownship(user) {
  if (!user) {
    return null;
  }
  return user.township_id !== undefined ? user.township_id : user.township ?? null;
}

/*
 * The name an office knows a user by: the linked person's name with the
 * login ("寿振祥（diankou.clerk）"), or the login alone when no person is
 * linked. `open` and `close` are the brackets of the UI language.
 */
export function userName(user, { open = '（', close = '）' } = {}) {
  if (!user) {
    return '';
  }
  return user.person_name ? `${user.person_name}${open}${user.login}${close}` : user.login || '';
}

/*
 * The checks of a new password the browser makes before asking the
 * server: 'required' when empty, 'mismatch' when the repeat differs; null
 * when they pass (the server checks the rest: its length, a common
 * password, one containing the login).
 */
export function newPasswordProblem(password, repeat) {
  if (!password) {
    return 'required';
  }
  return password === repeat ? null : 'mismatch';
}

/*
 * The least number of characters of a new password, as command
 * `command`'s field `key` declares it (its minLength), or null when it
 * declares no more than that the field is not empty.
 */
export function passwordMinLength(doc, command, key) {
  try {
    const property = (commandOf(doc, command).schema.properties || {})[key];
    return property && Number.isInteger(property.minLength) && property.minLength > 1 ? property.minLength : null;
  } catch {
    return null;
  }
}

/*
 * Whom the signed-in user manages, from their session (session.js: its
 * capabilities and grantableRoles): null when they hold no user.admin;
 * else {township: null (every township) or the one township's id, roles:
 * the roles they may give}.
 */
export function userScope(sess) {
  const where = sess && sess.capabilities ? sess.capabilities['user.admin'] : undefined;
  if (!where) {
    return null;
  }
  return { township: where === '*' ? null : where, roles: Array.isArray(sess.grantableRoles) ? sess.grantableRoles : [] };
}

/*
 * True when `scope` (userScope) manages user row `user`: the city's
 * administrator every user; a township administrator those of their
 * township whose role they may give (not a township administrator's
 * account, their own included). The server decides in the end.
 */
export function manages(scope, user) {
  if (!scope || !user) {
    return false;
  }
  if (scope.township === null) {
    return true;
  }
  return userTownship(user) === scope.township && scope.roles.includes(user.role);
}
