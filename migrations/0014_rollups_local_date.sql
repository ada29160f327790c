-- Rollups keyed by the recipient's local send date (as weekday and hour already were), not the UTC one: a
-- newsletter sent at 08:00 on the 1st in Tokyo belongs to that month, not the one before. A message's time zone
-- never changes once it is planned, so a row's old and new versions always fall in the same cell. The rollups
-- are rebuilt from the messages in the same transaction as the new trigger function, with writes to messages
-- held off meanwhile so that no write from a process still running the old code lands between the two.
LOCK TABLE messages IN SHARE ROW EXCLUSIVE MODE;--> statement-breakpoint
CREATE OR REPLACE FUNCTION kaifu_rollup_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollups AS r (workspace_id, campaign_id, variant_id, sent_on, local_weekday, local_hour, lead_source,
                            sends, delivered, opens, human_opens, machine_opens, clicks, human_clicks, bot_clicks)
  SELECT workspace_id, campaign_id, variant_id, (sent_at AT TIME ZONE timezone)::date, local_weekday, local_hour,
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
DELETE FROM rollups;--> statement-breakpoint
INSERT INTO rollups
SELECT workspace_id, campaign_id, variant_id, (sent_at AT TIME ZONE timezone)::date, local_weekday, local_hour,
       coalesce(lead_source, 'unknown'), count(*), count(delivered_at),
       count(*) FILTER (WHERE first_open_at IS NOT NULL OR first_human_open_at IS NOT NULL),
       count(first_human_open_at),
       count(*) FILTER (WHERE first_open_at IS NOT NULL AND first_human_open_at IS NULL),
       count(first_click_at), count(first_human_click_at),
       count(*) FILTER (WHERE first_click_at IS NOT NULL AND first_human_click_at IS NULL)
FROM messages
WHERE status = 'sent' AND sent_at IS NOT NULL AND variant_id IS NOT NULL
  AND local_weekday IS NOT NULL AND local_hour IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;
