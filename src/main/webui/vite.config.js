import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// Served by Jobber under /jobber/ (built into the jar by scripts/build-panel.sh). For development, `npm run dev`
// serves the sources with /api proxied to a running Jobber (JOBBER_URL, default http://127.0.0.1:3000); the Host
// header is kept, so the admin API's same-origin check sees the page's own origin.
export default defineConfig({
  base: '/jobber/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 200,
  },
  server: {
    port: Number(process.env.PANEL_DEV_PORT || 5173),
    strictPort: true,
    proxy: { '/api': { target: process.env.JOBBER_URL || 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
