ALTER TABLE "messages" ADD COLUMN "lead_source" text;--> statement-breakpoint
-- Nothing wrote rollups before this migration: it is rebuilt with the send date in its key.
DROP TABLE "rollups";--> statement-breakpoint
CREATE TABLE "rollups" (
	"workspace_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"sent_on" date NOT NULL,
	"local_weekday" smallint NOT NULL,
	"local_hour" smallint NOT NULL,
	"lead_source" text NOT NULL,
	"sends" integer DEFAULT 0 NOT NULL,
	"delivered" integer DEFAULT 0 NOT NULL,
	"opens" integer DEFAULT 0 NOT NULL,
	"human_opens" integer DEFAULT 0 NOT NULL,
	"machine_opens" integer DEFAULT 0 NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	"human_clicks" integer DEFAULT 0 NOT NULL,
	"bot_clicks" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollups_workspace_id_campaign_id_variant_id_sent_on_local_weekday_local_hour_lead_source_pk" PRIMARY KEY("workspace_id","campaign_id","variant_id","sent_on","local_weekday","local_hour","lead_source")
);--> statement-breakpoint
-- Rollups move with their messages, in the same transaction as the write that changed them: every UPDATE of
-- messages (a send settled, a delivery, an open, a click, a revised classification) adds what the new rows
-- count and takes away what the old rows counted, per cell, once per statement. DESIGN.md's counting: a sent
-- message is opened if anything opened it (or a person clicked), human-opened if a person opened or clicked,
-- machine-opened if opened only by machines; clicked / human-clicked / bot-clicked likewise.
CREATE FUNCTION kaifu_rollup_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollups AS r (workspace_id, campaign_id, variant_id, sent_on, local_weekday, local_hour, lead_source,
                            sends, delivered, opens, human_opens, machine_opens, clicks, human_clicks, bot_clicks)
  SELECT workspace_id, campaign_id, variant_id, (sent_at AT TIME ZONE 'UTC')::date, local_weekday, local_hour,
         coalesce(lead_source, 'unknown'),
         sum(sign),
         sum(sign * (delivered_at IS NOT NULL)::int),
         sum(sign * (first_open_at IS NOT NULL OR first_human_open_at IS NOT NULL)::int),
         sum(sign * (first_human_open_at IS NOT NULL)::int),
         sum(sign * (first_open_at IS NOT NULL AND first_human_open_at IS NULL)::int),
         sum(sign * (first_click_at IS NOT NULL)::int),
         sum(sign * (first_human_click_at IS NOT NULL)::int),
         sum(sign * (first_click_at IS NOT NULL AND first_human_click_at IS NULL)::int)
  FROM (
    SELECT 1 AS sign, n.* FROM new_rows n
    UNION ALL
    SELECT -1 AS sign, o.* FROM old_rows o
  ) AS changed
  WHERE status = 'sent' AND sent_at IS NOT NULL AND variant_id IS NOT NULL
    AND local_weekday IS NOT NULL AND local_hour IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  HAVING sum(sign) <> 0 OR sum(sign * (delivered_at IS NOT NULL)::int) <> 0
      OR sum(sign * (first_open_at IS NOT NULL OR first_human_open_at IS NOT NULL)::int) <> 0
      OR sum(sign * (first_human_open_at IS NOT NULL)::int) <> 0
      OR sum(sign * (first_click_at IS NOT NULL)::int) <> 0
      OR sum(sign * (first_human_click_at IS NOT NULL)::int) <> 0
  -- Cells in key order: concurrent writers to a campaign queue on them instead of deadlocking.
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (workspace_id, campaign_id, variant_id, sent_on, local_weekday, local_hour, lead_source) DO UPDATE SET
    sends = r.sends + excluded.sends,
    delivered = r.delivered + excluded.delivered,
    opens = r.opens + excluded.opens,
    human_opens = r.human_opens + excluded.human_opens,
    machine_opens = r.machine_opens + excluded.machine_opens,
    clicks = r.clicks + excluded.clicks,
    human_clicks = r.human_clicks + excluded.human_clicks,
    bot_clicks = r.bot_clicks + excluded.bot_clicks;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- Messages sent before this migration, counted once as the trigger would have.
INSERT INTO rollups
SELECT workspace_id, campaign_id, variant_id, (sent_at AT TIME ZONE 'UTC')::date, local_weekday, local_hour,
       coalesce(lead_source, 'unknown'), count(*), count(delivered_at),
       count(*) FILTER (WHERE first_open_at IS NOT NULL OR first_human_open_at IS NOT NULL),
       count(first_human_open_at),
       count(*) FILTER (WHERE first_open_at IS NOT NULL AND first_human_open_at IS NULL),
       count(first_click_at), count(first_human_click_at),
       count(*) FILTER (WHERE first_click_at IS NOT NULL AND first_human_click_at IS NULL)
FROM messages
WHERE status = 'sent' AND sent_at IS NOT NULL AND variant_id IS NOT NULL
  AND local_weekday IS NOT NULL AND local_hour IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;--> statement-breakpoint
CREATE TRIGGER messages_rollup AFTER UPDATE ON messages
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kaifu_rollup_messages();
