// Reading the CSV files the server makes with a real reader (Python's csv
// module, RFC 4180 quoting), for the tests of tables as files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

/** The rows of a CSV file (its bytes, with the byte order mark it starts with) as arrays of strings. */
export function readCsv(data) {
    assert.deepEqual([...data.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a CSV starts with the byte order mark');
    const script = ['import csv, io, json, sys', 'text = sys.stdin.buffer.read().decode("utf-8-sig")', 'print(json.dumps(list(csv.reader(io.StringIO(text, newline=""))), ensure_ascii=False))'].join('\n');
    const run = spawnSync('/usr/bin/python3', ['-c', script], { input: data, encoding: 'utf8' });
    assert.equal(run.status, 0, `csv: ${run.stderr}`);
    return JSON.parse(run.stdout);
}
