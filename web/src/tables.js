/*
 * A query whose answer is a table (the OpenAPI description's `x-table`,
 * docs/adding-an-area.md "4. Queries"): its columns with their headings in
 * both languages, the rows of an answer as the server's CSV and XLSX files
 * have them, and the name of such a file from its Content-Disposition.
 * Free of Vue, for node's tests.
 */
import { labelOf } from './entities.js';
import { textIn } from './schema.js';

/*
 * The table that query `name` answers, from the description `doc`:
 * {title: {'zh-CN', en}, rows, total: {'zh-CN', en}|null, columns: [{key,
 * keyEn, kind: 'text'|'integer'|'permille'|'fen', label: {'zh-CN', en},
 * labels: {value: {'zh-CN', en}}|null (a text's values' labels)}]};
 * null when the query declares none.
 */
export function tableOf(doc, name) {
  for (const operations of Object.values((doc && doc.paths) || {})) {
    const op = operations && operations.get;
    if (op && op['x-query'] === name && op['x-table']) {
      const t = op['x-table'];
      return {
        title: labelOf(t),
        rows: t.rows || null,
        total: labelOf(t.total),
        columns: (t.columns || []).map((c) => ({ key: c.key, keyEn: c.key_en || null, kind: c.kind, label: labelOf(c), labels: c['x-value-labels'] || null })),
      };
    }
  }
  return null;
}

/* The member at a dotted path ("counts.items_notified") of row, or undefined. */
function memberAt(row, path) {
  return path.split('.').reduce((at, name) => (at && typeof at === 'object' ? at[name] : undefined), row);
}

/* A cell's value: a string (a labelled value's label), an integer, or null (missing, or not of the column's kind). */
function cellOf(column, row, locale) {
  const v = memberAt(row, locale === 'en' && column.keyEn ? column.keyEn : column.key);
  const fits = column.kind === 'text' ? typeof v === 'string' : Number.isInteger(v);
  const label = fits && column.labels ? column.labels[v] : null;
  return label ? textIn(label, locale) : fits ? v : null;
}

/*
 * The rows of `answer` as `table` lays them out, in `locale`: one array of
 * cells per row of the answer's `rows`, then the answer itself as the total
 * row (its first cell the total's label) when the table has one.
 */
export function tableRows(table, answer, locale) {
  if (!table || !answer) {
    return [];
  }
  const cells = (row) => table.columns.map((c) => cellOf(c, row, locale));
  const rows = (Array.isArray(answer[table.rows]) ? answer[table.rows] : []).map(cells);
  if (table.total) {
    const total = cells(answer);
    total[0] = textIn(table.total, locale);
    rows.push(total);
  }
  return rows;
}

/*
 * The file name a Content-Disposition header gives: its `filename*`
 * (RFC 8187, UTF-8, percent-encoded) when it has one, else its
 * `filename`; null when it names none.
 */
export function dispositionFilename(header) {
  if (!header) {
    return null;
  }
  const extended = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      /* A malformed encoding: fall back to the plain name. */
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;\s]+)/i.exec(header);
  return plain ? plain[1] ?? plain[2] : null;
}
