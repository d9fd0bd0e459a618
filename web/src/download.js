/*
 * Saving a query's answer as a file (a CSV or XLSX of a table, tables.js):
 * fetched with the UI language, so that its headings are the reader's,
 * and saved under the name the server gives it.
 */
import { getFile } from './api.js';
import { dispositionFilename } from './tables.js';

/* Downloads `path` (an API path) with `query` as `format` ('csv' or 'xlsx'); rejects with ApiError. */
export async function downloadAnswer(path, query, format) {
  const { blob, disposition } = await getFile(path, { ...query, format });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = dispositionFilename(disposition) || `export.${format}`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
