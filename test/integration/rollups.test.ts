import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { messages } from '../../src/db/schema/index.js';
import { seededRandom } from '../../src/lib/random.js';
import { runDueWork } from '../../src/services/due-work.js';
import { ingestProviderEvents } from '../../src/services/sendgrid/ingest-provider-events.js';
import { replaceAppleRanges } from '../../src/services/tracking/apple-ranges.js';
import { receivedHit, type TrackingHit } from '../../src/services/tracking/hit.js';
import { storeHits } from '../../src/services/tracking/record-hits.js';
import { HONEYPOT_LINK } from '../../src/services/tracking/tokens.js';
import { sgEvent } from '../helpers/sendgrid-webhook.js';
import { scheduledCampaign } from '../helpers/sending.js';
import { BACKENDS, useTestContext } from '../helpers/test-app.js';

const ZONES = ['Asia/Tokyo', 'America/Los_Angeles', 'Europe/Berlin', 'Pacific/Auckland', 'UTC'];
const AGENTS = [
  'Mozilla/5.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15',
  'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
  'Proofpoint URL Defense/1.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/141.0.0.0 Safari/537.36',
];
const CELL = ['campaign_id', 'variant_id', 'sent_on', 'local_weekday', 'local_hour', 'lead_source'] as const;
const COUNTS = [
  'sends',
  'delivered',
  'opens',
  'human_opens',
  'machine_opens',
  'clicks',
  'human_clicks',
  'bot_clicks',
];

type Row = Record<string, string | number>;
const keyed = (rows: Row[]) =>
  Object.fromEntries(
    rows
      .filter((r) => Number(r.sends) > 0)
      .map((r) => [CELL.map((c) => String(r[c])).join('|'), COUNTS.map((c) => Number(r[c]))]),
  );

describe.each(BACKENDS)('rollups on %s', (backend) => {
  const ctx = useTestContext(backend);

  it('equal a count from raw events and send times alone, on random traffic through the real paths', async () => {
    const random = seededRandom(`rollups-${backend}`);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
    // Recipients across zones on both sides of midnight, and two lead sources (and none): sent at 23:30 UTC,
    // it is already the next day in Berlin, Tokyo and Auckland, and their cells must say so.
    ctx.clock.advance(14.5 * 3_600_000);
    const { campaignId } = await scheduledCampaign(
      ctx,
      ctx.a,
      60,
      'rollup',
      {
        html: '<p>Hi</p><a href="https://acme.example/a">A</a> <a href="https://acme.example/b">B</a>',
        variants: [{ subject: 'A' }, { subject: 'B' }],
      },
      () => ({ timezone: pick(ZONES), leadSource: pick(['inbound', 'outbound', null] as const) }),
    );
    await replaceAppleRanges({ db: ctx.db.handle.db, ranges: ['17.58.0.0/16'], now: ctx.clock.now() });
    ctx.clock.advance(2 * 60_000);
    await runDueWork({ deps: ctx.deps, now: ctx.clock.now() });
    const sent = await ctx.db.handle.db.select().from(messages).where(eq(messages.campaignId, campaignId));
    expect(sent.every((m) => m.status === 'sent')).toBe(true);

    // Random traffic: deliveries (sometimes after the opens), SendGrid opens (machine or not), pixel opens from
    // Apple's range and elsewhere, clicks on links, bursts and the honeypot — in random batches and order.
    const start = ctx.clock.now().getTime();
    type Step = { at: number; hit?: TrackingHit; sg?: Record<string, unknown> };
    const steps: Step[] = [];
    for (const m of sent) {
      const deliveredAt = start + Math.floor(random() * 120_000);
      if (random() < 0.8)
        steps.push({ at: deliveredAt, sg: sgEvent('delivered', m.id, new Date(deliveredAt)) });
      const hit = (kind: 'open' | 'click', at: number, link: number | null): Step => ({
        at,
        hit: receivedHit({
          workspaceId: ctx.a.workspaceId,
          messageId: m.id,
          kind,
          link,
          at: new Date(at),
          ip: random() < 0.2 ? '17.58.3.4' : '198.51.100.9',
          userAgent: pick(AGENTS),
        }),
      });
      const n = Math.floor(random() * 4);
      for (let i = 0; i < n; i++) {
        const at = deliveredAt + Math.floor(random() < 0.3 ? random() * 20_000 : random() * 86_400_000);
        const r = random();
        if (r < 0.5) steps.push(hit('open', at, null));
        else if (r < 0.8) steps.push(hit('click', at, Math.floor(random() * 2)));
        else if (r < 0.9) steps.push(hit('click', at, HONEYPOT_LINK));
        else {
          const machine = random() < 0.5;
          steps.push({ at, sg: sgEvent('open', m.id, new Date(at), { sg_machine_open: machine }) });
        }
      }
    }
    steps.sort(() => random() - 0.5);
    for (let i = 0; i < steps.length; ) {
      const batch = steps.slice(i, i + 1 + Math.floor(random() * 12));
      i += batch.length;
      const hits = batch.flatMap((s) => (s.hit ? [s.hit] : []));
      const events = batch.flatMap((s) => (s.sg ? [s.sg] : []));
      if (hits.length > 0) await storeHits({ deps: ctx.deps, hits });
      if (events.length > 0)
        await ingestProviderEvents({ deps: ctx.deps, workspaceId: ctx.a.workspaceId, batch: events });
    }

    const rollups = await queryRows<Row>(
      ctx.db.handle.db,
      sql`select campaign_id, variant_id, sent_on::text as sent_on, local_weekday, local_hour, lead_source,
                 sends, delivered, opens, human_opens, machine_opens, clicks, human_clicks, bot_clicks
          from rollups where workspace_id = ${ctx.a.workspaceId}`,
    );
    // DESIGN.md's counting from raw events and messages.sent_at alone — none of the columns the writers keep.
    const reference = await queryRows<Row>(
      ctx.db.handle.db,
      sql`with m as (
            select m.*, c.lead_source as contact_lead_source,
              exists (select 1 from events e where e.workspace_id = m.workspace_id and e.message_id = m.id
                      and e.type = 'delivered') as delivered,
              exists (select 1 from events e where e.workspace_id = m.workspace_id and e.message_id = m.id
                      and e.type = 'open') as opened,
              exists (select 1 from events e where e.workspace_id = m.workspace_id and e.message_id = m.id
                      and e.classification = 'human'
                      and (e.type = 'open' or (e.type = 'click' and e.link_position is distinct from 255))) as human,
              exists (select 1 from events e where e.workspace_id = m.workspace_id and e.message_id = m.id
                      and e.type = 'click' and e.link_position is distinct from 255) as clicked,
              exists (select 1 from events e where e.workspace_id = m.workspace_id and e.message_id = m.id
                      and e.type = 'click' and e.link_position is distinct from 255
                      and e.classification = 'human') as human_clicked
            from messages m join contacts c on c.workspace_id = m.workspace_id and c.id = m.contact_id
            where m.workspace_id = ${ctx.a.workspaceId} and m.sent_at is not null and m.status = 'sent'
          )
          select campaign_id, variant_id, (sent_at at time zone timezone)::date::text as sent_on,
                 extract(dow from sent_at at time zone timezone)::int as local_weekday,
                 extract(hour from sent_at at time zone timezone)::int as local_hour,
                 coalesce(contact_lead_source, 'unknown') as lead_source,
                 count(*)::int as sends,
                 count(*) filter (where delivered)::int as delivered,
                 count(*) filter (where opened or human)::int as opens,
                 count(*) filter (where human)::int as human_opens,
                 count(*) filter (where opened and not human)::int as machine_opens,
                 count(*) filter (where clicked)::int as clicks,
                 count(*) filter (where human_clicked)::int as human_clicks,
                 count(*) filter (where clicked and not human_clicked)::int as bot_clicks
          from m group by 1, 2, 3, 4, 5, 6`,
    );
    expect(keyed(rollups)).toEqual(keyed(reference));
    // The traffic exercised what matters: machines, bots, humans, and revisions.
    const [mix] = await queryRows<{ machine: number; bot: number; human: number; revised: number }>(
      ctx.db.handle.db,
      sql`select count(*) filter (where classification = 'machine')::int as machine,
                 count(*) filter (where classification = 'bot')::int as bot,
                 count(*) filter (where classification = 'human')::int as human,
                 count(*) filter (where reason in ('prefetch_at_delivery', 'click_at_delivery',
                                                   'several_links_at_once'))::int as revised
          from events where workspace_id = ${ctx.a.workspaceId}`,
    );
    expect(mix?.machine).toBeGreaterThan(5);
    expect(mix?.bot).toBeGreaterThan(5);
    expect(mix?.human).toBeGreaterThan(5);
    expect(mix?.revised).toBeGreaterThan(0);
  });
});
