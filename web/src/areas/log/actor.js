/*
 * Who acted, in words, free of Vue (tests: actor.test.js): a record names
 * the acting user {user, role, person, name}, never by login
 * (docs/events.md); a row names them by text, the person's name or, for an
 * account that is no person's, its role's Chinese name ("文书"). Either is
 * said in the UI language, the role by the API's description (user.create's
 * roles); the node's own commands as "the system".
 */
import { enumOf, textIn } from '../../schema.js';

/* `actor` (a record's object or a row's text) in `locale`, by `doc`; `system` is what the system is called. */
export function actorWords(doc, actor, locale, system) {
  const roles = doc ? enumOf(doc, 'user.create', 'role') : [];
  if (actor && typeof actor === 'object') {
    const role = roles.find((c) => c.value === actor.role);
    return actor.name || (role ? textIn(role.label, locale) : actor.role);
  }
  if (actor === 'system') {
    return system;
  }
  const role = roles.find((c) => c.label && c.label['zh-CN'] === actor);
  return role ? textIn(role.label, locale) : (actor ?? '');
}
