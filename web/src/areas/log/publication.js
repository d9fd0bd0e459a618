/*
 * What a publication record says, in words: a record that makes public
 * the sealed parts of earlier records (a meeting's statements and votes
 * as its minutes are finalised, a matter decided alone) has no field of
 * its own to show, only how many parts it opens and of what. The log's
 * summary cell says that instead of an empty line.
 */
import { entityTitle } from '../../entities.js';

/* The summary of a `publication.created` or `sealed_publication.created` record, or null for any other. */
export function publicationSummary(doc, type, payload, locale, t) {
  if (type === 'sealed_publication.created') {
    return t('audit.publishedOne', { index: payload.id });
  }
  if (type !== 'publication.created' || !payload) {
    return null;
  }
  const parts = Array.isArray(payload.parts) ? payload.parts.length : 0;
  const what = entityTitle(doc, payload.subject_entity, locale) || payload.subject_entity;
  return t('audit.published', { n: parts, what });
}
