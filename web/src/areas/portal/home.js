/*
 * Where `/` leads: the monitor on the commission's monitor node
 * (areas/monitor/monitor.js), whoever asks; elsewhere a signed-in user's
 * to-do (areas/workbench), and the public's home page.
 */
import { homeRoute } from '../monitor/monitor.js';
import { session, sessionReady } from '../../session.js';

export async function home() {
  const target = await homeRoute();
  if (target.name !== 'townships') {
    return target;
  }
  await sessionReady();
  return session.user ? { name: 'todo' } : true;
}
