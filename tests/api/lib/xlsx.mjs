// Reading the XLSX files the server makes with a real reader (Debian's
// python3-openpyxl), for the tests of tables as files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { tempDir } from './server.mjs';

const PYTHON = '/usr/bin/python3';
let dir = null;
process.on('exit', () => dir && fs.rmSync(dir, { recursive: true, force: true }));

/** Reads an XLSX file with openpyxl: {sheets, rows: [[value]], formats: [[number_format]]} of its first sheet. */
export function readXlsx(data) {
    dir ??= tempDir('probity-xlsx-');
    const file = path.join(dir, `t${Date.now()}${Math.random()}.xlsx`);
    fs.writeFileSync(file, data);
    const script = [
        'import json, sys, openpyxl',
        'wb = openpyxl.load_workbook(sys.argv[1])',
        'ws = wb.worksheets[0]',
        'rows = [[c.value for c in r] for r in ws.iter_rows()]',
        'formats = [[c.number_format for c in r] for r in ws.iter_rows()]',
        'print(json.dumps({"sheets": wb.sheetnames, "rows": rows, "formats": formats}, ensure_ascii=False))',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' });
    fs.rmSync(file, { force: true });
    assert.equal(run.status, 0, `openpyxl: ${run.stderr}`);
    return JSON.parse(run.stdout);
}

