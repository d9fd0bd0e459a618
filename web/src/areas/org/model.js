/*
 * Small readers for the organisation model's API objects, used by several
 * pages. Memberships, member rows and portfolios come flat from the server
 * (person_id with person_name, post_id with post_label, organization_id with
 * organization_name, department_id with department_name); these readers
 * turn them into {id, name, name_en, ...} objects and also accept nested
 * objects, so pages need not know which.
 */
import { todayInShanghai } from '../../format.js';
import { localName, postLabel } from '../../i18n/index.js';

function pick(record, prefixed, plain) {
  if (record[prefixed] !== undefined) {
    return record[prefixed];
  }
  return plain ? record[plain] : undefined;
}

/*
 * True when a dated record (membership, portfolio) is in force today in
 * Asia/Shanghai: started, and its end_date (the first day it no longer
 * holds, as the server counts it) not yet reached.
 */
export function isCurrent(record, today = todayInShanghai()) {
  if (!record) {
    return false;
  }
  if (record.start_date && record.start_date > today) {
    return false;
  }
  return !record.end_date || record.end_date > today;
}

/* The township id of an object (`township_id`, or `township`). */
export function townshipOf(record) {
  if (!record) {
    return null;
  }
  return record.township_id || record.township || null;
}

/* The person of a membership or member row: {id, name, name_en, gender}. */
export function personOf(record) {
  if (!record) {
    return null;
  }
  if (record.person && typeof record.person === 'object') {
    return record.person;
  }
  if (record.person_id === undefined) {
    return null;
  }
  return {
    id: record.person_id,
    name: pick(record, 'person_name', 'name') ?? '',
    name_en: pick(record, 'person_name_en', 'name_en') ?? null,
    gender: record.gender ?? null,
  };
}

/* The post of a membership or member row: {id, role, label, label_en}, or null. */
export function postOf(record) {
  if (!record) {
    return null;
  }
  if (record.post && typeof record.post === 'object') {
    return record.post;
  }
  if (record.post_id === undefined) {
    return null;
  }
  return {
    id: record.post_id,
    role: record.role,
    label: pick(record, 'post_label', 'label'),
    label_en: pick(record, 'post_label_en', 'label_en'),
  };
}

/* The organisation of a membership: {id, name, name_en, class}, or null. */
export function organizationOf(record) {
  if (!record) {
    return null;
  }
  if (record.organization && typeof record.organization === 'object') {
    return record.organization;
  }
  if (record.organization_id === undefined) {
    return null;
  }
  return {
    id: record.organization_id,
    name: record.organization_name,
    name_en: record.organization_name_en,
    class: record.organization_class,
  };
}

/* The department of a portfolio: {id, name, name_en}, or null. */
export function departmentOf(record) {
  if (!record) {
    return null;
  }
  if (record.department && typeof record.department === 'object') {
    return record.department;
  }
  if (record.department_id === undefined || record.department_id === null) {
    return null;
  }
  return { id: record.department_id, name: record.department_name, name_en: record.department_name_en };
}

/* "Party committee · Deputy secretary"-style text for a membership. */
export function membershipTitle(record) {
  const org = organizationOf(record);
  const post = postOf(record);
  const parts = [];
  if (org) {
    parts.push(localName(org));
  }
  if (post) {
    parts.push(postLabel(post));
  }
  return parts.join(' · ');
}

/* The portfolio area in the UI language. */
export function portfolioArea(portfolio, english) {
  if (!portfolio) {
    return '';
  }
  return english && portfolio.area_en ? portfolio.area_en : portfolio.area || portfolio.area_en || '';
}
