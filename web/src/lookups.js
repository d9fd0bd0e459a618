/*
 * Lists that forms offer as choices: a township's departments, its people,
 * and the posts of its party committee (for adding a committee membership).
 */
import { api, seg } from './api.js';

export async function departmentsOf(tid) {
  return (await api.list(`/townships/${seg(tid)}/departments`, { limit: 200 })).items;
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
