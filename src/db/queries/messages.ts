import { type SQL, sql } from 'drizzle-orm';

/**
 * The SET list that marks a message sent at `at` (SQL): its status, its send time, and the weekday and hour of
 * that time in the recipient's own zone — the cell the rollups count it in. For `update messages … set`.
 */
export const markedSent = (at: SQL) =>
  sql`status = 'sent', sent_at = ${at},
      local_weekday = extract(dow from ${at} at time zone timezone)::smallint,
      local_hour = extract(hour from ${at} at time zone timezone)::smallint`;
