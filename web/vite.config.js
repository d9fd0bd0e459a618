/*
 * Vite build of the web app into dist/, served by `probity serve --web`.
 * `npm run dev` proxies /api and the log's tiles (/log/...; not /login, an
 * app page) to a local probity server on port 8080;
 * `npm run preview` serves dist/ with the same Content-Security-Policy as
 * the probity server, so a CSP problem shows up before deployment.
 */
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const API_TARGET = process.env.PROBITY_API || 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [vue()],
  base: '/',
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/log/': { target: API_TARGET, changeOrigin: false },
    },
  },
  preview: {
    headers: { 'Content-Security-Policy': CSP },
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/log/': { target: API_TARGET, changeOrigin: false },
    },
  },
});
