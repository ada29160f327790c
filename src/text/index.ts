/**
 * Every sentence Kaifu shows a person, in Japanese and English: the dashboard, the pages recipients see
 * (unsubscribe, bad links), the notes that explain an analysis and the reasons a KPI plan gives. Callers pick
 * a catalogue by the request's language (`langOf`, from Accept-Language) and never write user-facing text
 * themselves.
 */
export type { Lang } from '../lib/lang.js';
export { COMPARE_TEXT, SAMPLE_SIZE_TEXT, TEST_PLAN_TEXT } from './analysis.js';
export {
  DASHBOARD_TEXT,
  type DashboardText,
  leadSourceName,
  slotName,
  subjectFeatureName,
} from './dashboard.js';
export { count, locale, minutesSpan, percent } from './format.js';
export { KPI_PAGE_TEXT, KPI_TEXT } from './kpi.js';
export { RECIPIENT_TEXT } from './recipient.js';
