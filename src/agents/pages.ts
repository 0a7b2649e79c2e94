/**
 * The web pages the engine serves: plain HTML, CSS and one JavaScript module each, from web/
 * (no build step, no CDN, nothing fetched from elsewhere). Read once at start.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { projectDir } from '../shared/project-dir.js';

const WEB = join(projectDir, 'web');
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
// Only this origin: scripts, styles, the API and the WebSocket.
const SHARED = ['sign-in.js'];
/**
 * Libraries the pages use, served from node_modules (never a CDN): uPlot draws the reports' charts
 * (MIT, one file of 50 KB, no dependencies, maintained).
 */
const VENDOR: Record<string, string> = {
  'uPlot.iife.min.js': join('uplot', 'dist', 'uPlot.iife.min.js'),
  'uPlot.min.css': join('uplot', 'dist', 'uPlot.min.css'),
};
const CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

export function registerPages(app: FastifyInstance, pages: readonly string[]): void {
  for (const page of pages) {
    // index.html at /page; its modules and style sheet (app.js, style.css, any other .js) beside it.
    const files = readdirSync(join(WEB, page)).filter((f) => f === 'index.html' || f.endsWith('.js') || f.endsWith('.css'));
    for (const [file, route] of files.map((f) => [f, f === 'index.html' ? `/${page}` : `/${page}/${f}`] as const)) {
      const body = readFileSync(join(WEB, page, file), 'utf8');
      const type = TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream';
      app.get(route, { logLevel: 'warn', schema: { hide: true } }, (_request, reply) => reply.header('content-type', type).header('content-security-policy', CSP).header('cache-control', 'no-cache').send(body));
    }
  }
  for (const [file, path] of Object.entries(VENDOR)) {
    const body = readFileSync(join(projectDir, 'node_modules', path), 'utf8');
    const type = TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream';
    app.get(`/vendor/${file}`, { logLevel: 'warn', schema: { hide: true } }, (_request, reply) => reply.header('content-type', type).header('cache-control', 'max-age=86400').send(body));
  }
  // Modules the pages share (signing a supervisor in).
  for (const file of SHARED) {
    const body = readFileSync(join(WEB, 'shared', file), 'utf8');
    app.get(`/shared/${file}`, { logLevel: 'warn', schema: { hide: true } }, (_request, reply) => reply.header('content-type', TYPES.js).header('cache-control', 'no-cache').send(body));
  }
}
