/*
 * The signed-in user, shared by every page: loads the session at start-up,
 * logs in (with a one-time code as a second step when the user's
 * two-factor sign-in is on) and out, keeps the API client's CSRF token in
 * step and the security notices the user has not seen, and answers what
 * the user may do (the capabilities the server answers with the session,
 * and the roles a manager of users may give).
 */
import { reactive } from 'vue';
import { api, setCsrfToken, setUnauthenticatedHandler } from './api.js';

export const session = reactive({
  user: null, /* {id, login, role, township, person_id} or null when anonymous */
  roleLabel: null, /* the user's role as the server names it, {'zh-CN', en} (GET /session), or null */
  capabilities: {}, /* capability → "*" (anywhere) or a township id; {} when anonymous */
  grantableRoles: [], /* the roles the user may give others (holders of user.admin), else [] */
  notices: [], /* security notices the user has not seen yet: {id, kind, at, address} */
  loaded: false, /* true once the first GET /session has answered */
});

function apply(data) {
  session.user = data && data.user ? data.user : null;
  session.roleLabel = session.user && data.role_label ? data.role_label : null;
  session.capabilities = session.user && data.capabilities ? data.capabilities : {};
  session.grantableRoles = session.user && Array.isArray(data.grantable_roles) ? data.grantable_roles : [];
  session.notices = session.user && Array.isArray(data.notices) ? data.notices : [];
  setCsrfToken(data && data.csrf_token ? data.csrf_token : null);
}

setUnauthenticatedHandler(() => apply(null));

let first = null;

/* Loads the current session: a visitor has none (no user; a session that ended answers 401). */
export function loadSession() {
  const loading = (async () => {
    try {
      const body = await api.get('/session');
      apply(body && body.user ? body : null);
    } catch (error) {
      if (error.status !== 401) {
        throw error;
      }
      apply(null);
    } finally {
      session.loaded = true;
    }
  })();
  first = first || loading;
  return loading;
}

/* Resolves once the start-up load of the session has ended (successfully or not): who `/` leads where. */
export function sessionReady() {
  return (first || loadSession()).catch(() => {});
}

/* Keeps the answer of signing in, then reads the session as GET /session answers it (with the role's label, which the answer of signing in leaves out); if that read fails, the header names the role from the API's description. */
async function signedIn(answer) {
  apply(answer);
  try {
    apply(await api.get('/session'));
  } catch {
    /* Signed in all the same. */
  }
  return session.user;
}

/*
 * Signs in with the password: resolves to the user, or, when their
 * two-factor sign-in is on, to {codeRequired: true, ticket} (no session
 * yet: loginWithCode finishes with the ticket and a one-time code).
 */
export async function login(loginName, password) {
  const answer = await api.post('/session', { login: loginName, password });
  if (answer && answer.code_required) {
    return { codeRequired: true, ticket: answer.ticket };
  }
  return signedIn(answer);
}

/* The second step of signing in: the ticket login() gave and the code the user's authenticator shows; resolves to the user. */
export async function loginWithCode(ticket, code) {
  return signedIn(await api.post('/session/code', { ticket, code }));
}

/* Says the user has seen their security notices: the server stops listing them. */
export async function dismissNotices() {
  await api.post('/session/notices/seen', {});
  session.notices = [];
}

export async function logout() {
  try {
    await api.del('/session');
  } finally {
    apply(null);
  }
}

/*
 * True when the signed-in user holds `capability` (e.g. "meeting.manage",
 * "org.write", "township.admin"; docs/decisions.md, "Policy") in township
 * `tid`: the session's capabilities say where each one holds, "*" for
 * anywhere or a township id for that township only. Leave `tid` out for
 * what belongs to no township (the city's rulebook, townships
 * themselves). The server decides in the end; this only hides what it
 * would refuse.
 */
export function can(capability, tid) {
  const where = session.capabilities[capability];
  return where === '*' || (!!tid && where === tid);
}
