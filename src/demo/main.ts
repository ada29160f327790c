import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, parseConfig, withSecret } from '../config.js';
import type { Deps } from '../deps.js';
import { createLogger } from '../log.js';
import { openNodeDatabase } from '../node/database.js';
import { serveKaifu } from '../node/server.js';
import { storeHits } from '../services/tracking/record-hits.js';
import { buildDemo } from './build-demo.js';
import { demoMailer, SimulatedClock } from './scenario.js';

/**
 * `npm run demo`: Kaifu on its own embedded database (./.kaifu-demo) holding a demo workspace with six months of
 * simulated nurture campaigns, built on the first run (about a minute) and kept; then the server, as `npm start`.
 */
const CONTACTS = Number(process.env.KAIFU_DEMO_CONTACTS ?? 1500);
const CAMPAIGNS = Number(process.env.KAIFU_DEMO_CAMPAIGNS ?? 26);

try {
  const config = parseConfig(
    {
      ...process.env,
      KAIFU_DATA_DIR: process.env.KAIFU_DATA_DIR ?? './.kaifu-demo',
      DATABASE_URL: process.env.DATABASE_URL ?? '',
    },
    { embedded: true },
  );
  const saved = join(config.dataDir, 'demo.json');
  if (!existsSync(saved)) {
    process.stderr.write(`Building the demo workspace: ${CONTACTS} leads, ${CAMPAIGNS} weekly campaigns…\n`);
    const started = performance.now();
    const database = await openNodeDatabase(config);
    const clock = new SimulatedClock(new Date());
    const log = createLogger('warn', (line) => process.stderr.write(`${line}\n`));
    const deps: Deps = {
      db: database.handle.db,
      analyticsDb: database.handle.db,
      mailer: demoMailer,
      clock,
      config: withSecret(config, database.secret),
      log,
      recordHit: (hit) => storeHits({ deps, hits: [hit] }),
    };
    const demo = await buildDemo({
      deps,
      clock,
      options: {
        contacts: CONTACTS,
        campaigns: CAMPAIGNS,
        endAt: new Date(),
      },
    });
    await database.close();
    const remembered = {
      workspaceId: demo.workspaceId,
      adminKey: demo.adminKey,
      abTestCampaignId: demo.abTestCampaignId,
      month: demo.month,
    };
    writeFileSync(saved, JSON.stringify(remembered), { mode: 0o600 });
    process.stderr.write(
      `Built in ${((performance.now() - started) / 1000).toFixed(0)} s: ${demo.messages} messages (${demo.bounces} bounced), ` +
        `${demo.hits} opens and clicks (${demo.botClicks} by link scanners), ${demo.unsubscribes} unsubscribes, ` +
        `${demo.conversions} meetings and wins, an automatic A/B test.\n`,
    );
  }
  const { adminKey, abTestCampaignId, month } = JSON.parse(readFileSync(saved, 'utf8')) as {
    adminKey: string;
    abTestCampaignId?: string;
    month?: string;
  };
  const call = (port: number, path: string) =>
    `  curl -s -H "Authorization: Bearer $KAIFU_KEY" 'http://localhost:${port}${path}'\n`;
  await serveKaifu(
    config,
    (port, where) =>
      `\nKaifu demo is listening on http://localhost:${port} (${where}).\n` +
      `Demo admin key: ${adminKey}\n\n` +
      `  export KAIFU_KEY=${adminKey}\n` +
      call(port, '/v1/recommendations') +
      call(port, '/v1/analysis/open-rates?dimension=weekdayHour') +
      call(port, `/v1/kpi/plan?month=${month ?? new Date().toISOString().slice(0, 7)}`) +
      (abTestCampaignId ? call(port, `/v1/campaigns/${abTestCampaignId}/report`) : '') +
      `Nothing is sent to SendGrid until you store a key (PUT /v1/workspace/sendgrid); until then mail goes to\n` +
      `each campaign's outbox (GET /v1/campaigns/{id}/outbox). API reference: http://localhost:${port}/docs\n` +
      `Dashboard: http://localhost:${port}/dashboard (sign in with the key)\n`,
  );
} catch (error) {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
}
