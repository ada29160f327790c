import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { GIF, GIF_HEADERS } from '../src/routes/tracking/pixel.js';

// The pixel bench's baseline: the same stack (Hono on @hono/node-server) answering the same GIF, recording nothing.
const app = new Hono();
app.get('/t/o/:token', (c) => c.body(GIF, 200, GIF_HEADERS));
serve({ fetch: app.fetch, port: Number(process.env.PORT) }, () => {
  process.stderr.write('Kaifu is listening (bare pixel)\n');
});
// Exit normally on SIGTERM, so a CPU profile (BENCH_PROFILE_DIR) is written.
process.on('SIGTERM', () => process.exit(0));
