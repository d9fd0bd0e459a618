// Writers for the fault tests: several clients creating cities one after
// another while something goes wrong underneath. An answer of 201 is an
// acknowledgement; any other must be 503 with Retry-After (the fault is
// temporary), after which the writer waits a little and goes on.
import assert from 'node:assert/strict';

import { request } from './server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts n writers on the server at url, as auth, creating cities
 * "<prefix><w>x<i>". Returns {acknowledged (ids), refused (a count),
 * afterMark (acknowledgements since mark()), mark(), stop()}.
 */
export function startCityWriters(url, auth, prefix, n) {
    const w = { acknowledged: [], refused: 0, afterMark: 0 };
    let marked = false;
    let stopped = false;
    const writer = async (k) => {
        for (let i = 0; !stopped; i++) {
            const id = `${prefix}${k}x${i}`;
            const res = await request(url, 'POST', '/cities', { auth, body: { id, name: `市${id}`, name_en: id } });
            if (res.status === 201) {
                w.acknowledged.push(id);
                w.afterMark += marked ? 1 : 0;
            } else {
                assert.equal(res.status, 503, `${id}: ${res.text}`);
                assert.ok(Number(res.headers.get('retry-after')) > 0, 'a 503 says when to come back');
                w.refused++;
                await sleep(100);
            }
        }
    };
    const running = Array.from({ length: n }, (_, k) => writer(k));
    w.mark = () => {
        marked = true;
    };
    w.stop = async () => {
        stopped = true;
        await Promise.all(running);
    };
    /** Waits until count writes went through after mark(), within ms. */
    w.waitAfterMark = async (count, ms, explain = () => '') => {
        const until = Date.now() + ms;
        while (w.afterMark < count) {
            assert.ok(Date.now() < until, `only ${w.afterMark} writes went through after the fault:\n${explain()}`);
            await sleep(100);
        }
    };
    return w;
}
