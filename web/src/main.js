/* Entry point of the web app: wires Vue, the router, vue-i18n and Element Plus, then loads the session. */
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.js';
import { i18n, loadRouteTexts } from './i18n/index.js';
import { installElement } from './element.js';
import { loadSession } from './session.js';
import { loadTownships } from './areas/org/townships.js';
import { loadMonitor } from './areas/monitor/monitor.js';
import { schemaReady } from './schema.js';
import './style.css';

const app = createApp(App);
installElement(app);
app.use(i18n);
router.beforeEach(loadRouteTexts);
app.use(router);
app.mount('#app');

loadSession().catch(() => {});
loadTownships();
loadMonitor();
/* The API's description: forms, labels, and the navigation's list pages of entities. */
schemaReady();
