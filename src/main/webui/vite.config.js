import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// Served by Jobber under /jobber/ (Quinoa); in development Quinoa proxies to this server.
export default defineConfig({
  base: '/jobber/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 200,
  },
  server: { port: 5173, strictPort: true },
});
