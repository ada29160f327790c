/**
 * What a subject line looks like, for the open-rate analysis across campaigns ("which subject features get
 * leads to open?"). Pure and dependency-free: the same answer on Node and Workers.
 *
 * Merge fields (`{{name}}`, `{{name|fallback}}`, `{{attributes.plan}}`) are taken out before every test but
 * `personalized`: their fallback or path is not what the lead reads, so a `?`, digit or emoji inside one says
 * nothing about the subject.
 */

export const SUBJECT_FEATURES = [
  'question',
  'number',
  'brackets',
  'personalized',
  'emoji',
  'urgency',
] as const;
export type SubjectFeature = (typeof SUBJECT_FEATURES)[number];

/**
 * Length bands by graphemes (what a reader counts as characters), shortest first. Japanese packs more into a
 * character than English, so its subjects run shorter, and mobile clients cut Japanese subjects around 30–40
 * graphemes: ≤ 15 reads whole at a glance, 16–30 still fits a Japanese mobile preview, 31–50 is cut on mobile
 * but fits desktop and most English previews, > 50 is cut nearly everywhere.
 */
export const LENGTH_BANDS = ['short', 'medium', 'long', 'veryLong'] as const;
export type LengthBand = (typeof LENGTH_BANDS)[number];

/** The most graphemes each band holds (inclusive). */
export const LENGTH_BAND_MAX_GRAPHEMES: Record<LengthBand, number> = {
  short: 15,
  medium: 30,
  long: 50,
  veryLong: Number.POSITIVE_INFINITY,
};

/**
 * A merge field counts as this many graphemes, whatever its fallback: about a filled-in name ('田中様',
 * 'Anna'). The real value differs per lead; a fixed figure keeps one subject in one band.
 */
export const MERGE_FIELD_GRAPHEMES = 4;

/** English urgency words, matched case-insensitively on word boundaries; `#` stands for any run of digits. */
export const URGENCY_WORDS_EN = [
  'urgent',
  'last chance',
  'final',
  'today only',
  'ends today',
  'ends tonight',
  'deadline',
  'hurry',
  'limited',
  'now',
  'expires',
  'only # left',
] as const;

/** Japanese urgency words, matched anywhere (Japanese has no word boundaries), after NFKC (half-width kana). */
export const URGENCY_WORDS_JA = [
  '本日限り',
  '今日まで',
  '締切',
  '締め切り',
  '〆切',
  '残りわずか',
  '残り僅か',
  '期間限定',
  '先着',
  '急いで',
  '最終',
  '間もなく終了',
  'まもなく終了',
  'ラストチャンス',
  '今すぐ',
  '明日まで',
  '限定',
] as const;

export interface SubjectDescription {
  lengthBand: LengthBand;
  graphemes: number;
  features: Record<SubjectFeature, boolean>;
}

// `{{` … `}}` with something other than blanks inside; `{{ }}` and an unclosed `{{name` are plain text.
const MERGE_FIELD = /\{\{\s*[^{}\s][^{}]*\}\}/g;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// A `?` anywhere (full-width `？` becomes `?` under NFKC), or a Japanese question ending that closes a clause:
// 'ですか' but not 'ですから' ("because"), allowing a trailing 'ね', 'な', 'ー' or '〜' ('ですかね').
const QUESTION = /\?|(?:ですか|ますか|ませんか|でしょうか|ましょうか)[ねなー〜~]*(?![\p{L}\p{N}])/u;

// Digits only, ASCII and full-width: kanji numerals ('三つ') and circled ones ('①') do not count.
const NUMBER = /[0-9０-９]/;

// A closed pair of corner or square brackets; plain parentheses, a lone '[' or a reversed '] … [' do not count.
// Full-width ［］ and half-width ｢｣ arrive as [] and 「」 after NFKC.
const BRACKETS = /【[^】]*】|「[^」]*」|『[^』]*』|\[[^\]]*\]/;

// Any pictograph, a flag (two regional indicators) or a keycap (1️⃣). ©, ® and ™ are pictographs in Unicode
// but read as legal marks in a B2B subject, so they count only in emoji presentation (followed by U+FE0F).
// Plain digits, '#' and '*' are emoji components, not pictographs, so they never count alone.
const EMOJI =
  /[©®™]\uFE0F|(?![©®™])\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|[0-9#*]\uFE0F?\u20E3/u;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Word boundaries keep 'now' out of 'know' and 'snow', 'final' out of 'finally', 'limited' out of 'unlimited'.
// Whitespace is already collapsed to single spaces, so a space in a word matches as is.
const URGENCY_EN = new RegExp(
  `\\b(?:${URGENCY_WORDS_EN.map((word) => escapeRegExp(word).replace('#', '\\d+')).join('|')})\\b`,
  'iu',
);

function countGraphemes(text: string): number {
  return [...graphemes.segment(text)].length;
}

export function describeSubject(subject: string): SubjectDescription {
  // Clients show a subject trimmed, with runs of whitespace as one space.
  const parts = subject.trim().replace(/\s+/g, ' ').split(MERGE_FIELD);
  const mergeFields = parts.length - 1;
  const count =
    parts.reduce((sum, part) => sum + countGraphemes(part), 0) + mergeFields * MERGE_FIELD_GRAPHEMES;
  // A space where each merge field was, so the text on either side never joins into one word.
  const text = parts.join(' ');
  // NFKC folds full-width Latin, digits and '？' and half-width kana into the forms the rules list.
  const folded = text.normalize('NFKC');

  return {
    lengthBand: LENGTH_BANDS.find((band) => count <= LENGTH_BAND_MAX_GRAPHEMES[band]) ?? 'veryLong',
    graphemes: count,
    features: {
      question: QUESTION.test(folded),
      number: NUMBER.test(text),
      brackets: BRACKETS.test(folded),
      personalized: mergeFields > 0,
      emoji: EMOJI.test(text),
      urgency: URGENCY_EN.test(folded) || URGENCY_WORDS_JA.some((word) => folded.includes(word)),
    },
  };
}
