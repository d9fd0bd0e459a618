/*
 * The commission's monitor (docs/monitor.md) as the web app sees it: the
 * nodes this server follows, fetched once at start-up and again by the
 * monitor pages while they are open. A server that follows at least one
 * node is a monitor node (the nav shows "Monitor" and `/` leads there); a
 * township node follows nothing. Also the helpers the monitor pages share:
 * links to a node's page, the status tags and the lag text.
 */
import { onMounted, onUnmounted, reactive, ref } from 'vue';
import { api } from '../../api.js';

/* The followed nodes (GET /monitor/nodes), whether the first load is done, and the last failure. */
export const monitor = reactive({ nodes: [], loaded: false, following: false, error: null });

let first = null;
let inFlight = null;

/* (Re)loads the followed nodes; concurrent calls share one request. */
export function loadMonitor() {
  if (!inFlight) {
    inFlight = api.list('/monitor/nodes')
      .then((result) => {
        monitor.nodes = result.items;
        monitor.following = result.items.length > 0;
        monitor.error = null;
      })
      .catch((error) => {
        monitor.error = error;
      })
      .finally(() => {
        monitor.loaded = true;
        inFlight = null;
      });
    first = first || inFlight;
  }
  return inFlight;
}

/* Resolves once the start-up load has ended (successfully or not). */
export function monitorReady() {
  return first || loadMonitor();
}

/* The target of `/`: the monitor on a monitor node, the townships elsewhere. */
export async function homeRoute() {
  await monitorReady();
  return monitor.following ? { name: 'monitor' } : { name: 'townships' };
}

/* The followed node of this origin, or null. */
export function findNode(origin) {
  return monitor.nodes.find((node) => node.origin === origin) || null;
}

/* An origin as path segments: its slashes kept, each segment escaped. */
function originPath(origin) {
  return String(origin).split('/').map(encodeURIComponent).join('/');
}

/* The web page of a followed node (route monitor-node). */
export function nodePagePath(origin) {
  return `/monitor/nodes/${originPath(origin)}`;
}

/* The API path of a node's mirrored entries. */
export function nodeEntriesApiPath(origin) {
  return `/monitor/nodes/${originPath(origin)}/entries`;
}

/* Statuses that are neither a normal state nor a passing failure: an alert stands. */
const CALM = new Set(['ok', 'syncing', 'error']);

export function isAlarming(status) {
  return !CALM.has(status);
}

/* The el-tag type of a node status or an alert kind. */
export function statusTagType(status) {
  switch (status) {
    case 'ok':
      return 'success';
    case 'syncing':
      return 'info';
    case 'error':
      return 'warning';
    default:
      return 'danger';
  }
}

/*
 * The lag summary {latest_ms, p50_ms, p99_ms, max_ms, samples} as one line,
 * with `t` of vue-i18n; '' when nothing was verified yet.
 */
export function lagText(t, lag) {
  if (!lag || !lag.samples) {
    return '';
  }
  return t('monitor.lagValue', {
    latest: lag.latest_ms, p50: lag.p50_ms, p99: lag.p99_ms, max: lag.max_ms, samples: lag.samples,
  });
}

/*
 * Reloads the followed nodes every `ms` while the calling component is
 * mounted and returns a counter that grows with each refresh (for the
 * component's other lists to reload on). The timer stops on unmount.
 */
export function useMonitorRefresh(ms = 5000) {
  const tick = ref(0);
  let timer = null;
  onMounted(() => {
    loadMonitor();
    timer = setInterval(async () => {
      await loadMonitor();
      tick.value += 1;
    }, ms);
  });
  onUnmounted(() => {
    clearInterval(timer);
    timer = null;
  });
  return tick;
}
