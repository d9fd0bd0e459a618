/*
 * Live pages: the public feed (GET /api/v1/feed, Server-Sent Events of
 * every record as it commits; docs/log.md) tells a page that something it
 * shows has changed, so the meeting page sees notifications acknowledged
 * and the meeting room sees what other members record on their own
 * devices. One EventSource serves every listening page; it is open while
 * one listens and reconnects by itself (with Last-Event-ID).
 */
import { onMounted, onUnmounted } from 'vue';

const listeners = new Set();
let source = null;

function dispatch(event) {
  let record;
  try {
    record = JSON.parse(event.data);
  } catch {
    return;
  }
  for (const listener of listeners) {
    listener(record);
  }
}

/*
 * Calls `onChange()` after a record for which `match(record)` is true,
 * at most once per `delayMs` (a burst of records makes one call), while
 * the calling component is mounted.
 */
export function useLiveRecords(match, onChange, delayMs = 300) {
  let timer = null;
  const listener = (record) => {
    if (timer === null && match(record)) {
      timer = setTimeout(() => {
        timer = null;
        onChange();
      }, delayMs);
    }
  };
  onMounted(() => {
    listeners.add(listener);
    if (source === null && typeof EventSource !== 'undefined') {
      source = new EventSource('/api/v1/feed');
      source.addEventListener('record', dispatch);
    }
  });
  onUnmounted(() => {
    listeners.delete(listener);
    clearTimeout(timer);
    timer = null;
    if (listeners.size === 0 && source !== null) {
      source.close();
      source = null;
    }
  });
}

/* A match for useLiveRecords: records of township `tid` whose type starts with one of `entities` ("meeting", ...). */
export function recordsOf(tid, entities) {
  return (record) => record.township === tid() && entities.includes(String(record.type).split('.')[0]);
}
