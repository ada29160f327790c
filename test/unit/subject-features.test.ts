import { describe, expect, it } from 'vitest';
import {
  describeSubject,
  LENGTH_BAND_MAX_GRAPHEMES,
  LENGTH_BANDS,
  SUBJECT_FEATURES,
  type SubjectFeature,
  URGENCY_WORDS_EN,
  URGENCY_WORDS_JA,
} from '../../src/services/analysis/subject-features.js';

const feature = (subject: string, name: SubjectFeature) => describeSubject(subject).features[name];

describe('describeSubject: features', () => {
  it.each([
    // question
    ['question', 'Are you ready for Q3?', true],
    ['question', '今月のセミナー、参加する？', true],
    ['question', 'ご存知ですか', true],
    ['question', 'お試しになりませんか。', true],
    ['question', 'いかがでしょうか！', true],
    ['question', 'そろそろ始めましょうか', true],
    ['question', '知っていますか【無料資料】', true],
    ['question', '本当ですかね…', true],
    ['question', '一緒に行きませんかー', true],
    ['question', '本当にご存知ですか{{name}}様', true],
    ['question', 'Ready for Q3', false],
    ['question', '今月のセミナーのご案内', false],
    ['question', '無料ですから、ぜひご参加ください', false],
    ['question', '{{name|?}}様へ', false],
    ['question', '{{name|ご存知ですか}}へ', false],
    // number
    ['number', '5 tips for better demos', true],
    ['number', '３つのポイント', true],
    ['number', '2025年の営業トレンド', true],
    ['number', 'Five tips for better demos', false],
    ['number', '三つのポイント', false],
    ['number', '①まずは登録', false],
    ['number', '{{name|3}}様へ', false],
    ['number', '{{attributes.plan2}}のご案内', false],
    // brackets
    ['brackets', '【無料】営業DXセミナー', true],
    ['brackets', '「営業DX」入門', true],
    ['brackets', '『完全ガイド』配布中', true],
    ['brackets', '[Webinar] Pipeline reviews', true],
    ['brackets', '［速報］新機能', true],
    ['brackets', 'ｾﾐﾅｰ｢入門｣', true],
    ['brackets', '【{{company}}様限定】', true],
    ['brackets', '(Free) webinar', false],
    ['brackets', '（無料）セミナー', false],
    ['brackets', 'Update [draft', false],
    ['brackets', 'Oops ] reversed [', false],
    ['brackets', '【お知らせ', false],
    ['brackets', '{{name|【様】}}へ', false],
    // personalized
    ['personalized', '{{name}}様、ご案内です', true],
    ['personalized', 'Hi {{ company }} team', true],
    ['personalized', '{{attributes.plan}} plan update', true],
    ['personalized', '{{name|お客様}}へ', true],
    ['personalized', '{{name|?}}様へ', true],
    ['personalized', 'Hi {name}', false],
    ['personalized', 'お客様へのご案内', false],
    ['personalized', 'Hi {{ }}', false],
    ['personalized', 'Hi {{name', false],
    // emoji
    ['emoji', '🎉 New release', true],
    ['emoji', 'いいね👍🏽', true],
    ['emoji', '🇯🇵 Japan launch', true],
    ['emoji', '❤ thanks', true],
    ['emoji', '1️⃣ step one', true],
    ['emoji', 'Kaifu©️ news', true],
    ['emoji', '★セール開催★', false],
    ['emoji', 'お知らせ♪', false],
    ['emoji', 'Kaifu™ news', false],
    ['emoji', '© 2025 Kaifu', false],
    ['emoji', '5 tips #growth *new*', false],
    ['emoji', '{{name|🎉}}へ', false],
    // urgency
    ['urgency', 'URGENT: your account', true],
    ['urgency', 'Last  chance to register', true],
    ['urgency', 'Sale ends today', true],
    ['urgency', 'Register now!', true],
    ['urgency', 'Only 3 left', true],
    ['urgency', 'only ３ left', true],
    ['urgency', '本日限りのご案内', true],
    ['urgency', '締め切り迫る', true],
    ['urgency', '残り僅かです', true],
    ['urgency', 'ﾗｽﾄﾁｬﾝｽ！', true],
    ['urgency', '間もなく終了：早期割引', true],
    ['urgency', 'Things you should know', false],
    ['urgency', 'Snow days in Sapporo', false],
    ['urgency', 'Nowhere else', false],
    ['urgency', 'Finally, the report', false],
    ['urgency', 'Unlimited seats', false],
    ['urgency', 'Only a few left', false],
    ['urgency', 'Only one left', false],
    ['urgency', 'Only {{stock}} left', false],
    ['urgency', '最新情報のお知らせ', false],
    ['urgency', '本日のお知らせ', false],
    ['urgency', '{{name|今すぐ}}へ', false],
  ] as const)('%s of %j is %s', (name, subject, expected) => {
    expect(feature(subject, name)).toBe(expected);
  });

  it.each([...URGENCY_WORDS_EN.map((word) => word.replace('#', '12')), ...URGENCY_WORDS_JA])(
    'every listed urgency word counts: %s',
    (word) => {
      expect(feature(`Webinar ${word} ご案内`, 'urgency')).toBe(true);
    },
  );

  it('reports every feature, all true together and all false together', () => {
    const all = Object.fromEntries(SUBJECT_FEATURES.map((name) => [name, true]));
    const none = Object.fromEntries(SUBJECT_FEATURES.map((name) => [name, false]));
    expect(describeSubject('【期間限定】{{name}}様、3つの特典をご存知ですか🎁').features).toEqual(all);
    expect(describeSubject('営業チームのためのニュースレター').features).toEqual(none);
    expect(describeSubject('').features).toEqual(none);
  });
});

describe('describeSubject: graphemes', () => {
  it.each([
    ['plain ASCII', 'Hello', 5],
    ['Japanese', 'こんにちは', 5],
    ['emoji with skin tone', '👍🏽', 1],
    ['ZWJ family', '👨‍👩‍👧', 1],
    ['flag', '🇯🇵', 1],
    ['combining accent', 'Cafe\u0301', 4],
    ['merge field counts 4', '{{name}}様', 5],
    ['merge field counts 4 whatever its fallback', '{{name|お客様各位のみなさま}}様、{{company}}', 10],
    ['blank braces are plain text', '{{ }}', 5],
    ['trimmed, whitespace runs as one', '  Hello \t  world  ', 11],
  ] as const)('%s: %j has %i', (_, subject, expected) => {
    expect(describeSubject(subject).graphemes).toBe(expected);
  });
});

describe('describeSubject: length bands', () => {
  it('bands are ordered with growing limits', () => {
    const limits = LENGTH_BANDS.map((band) => LENGTH_BAND_MAX_GRAPHEMES[band]);
    expect(limits).toEqual([15, 30, 50, Number.POSITIVE_INFINITY]);
  });

  it.each([
    [0, 'short'],
    [15, 'short'],
    [16, 'medium'],
    [30, 'medium'],
    [31, 'long'],
    [50, 'long'],
    [51, 'veryLong'],
  ] as const)('%i Japanese graphemes are %s', (n, band) => {
    expect(describeSubject('あ'.repeat(n))).toMatchObject({ graphemes: n, lengthBand: band });
  });

  it.each([
    ['15 ZWJ families', '👨‍👩‍👧'.repeat(15), 'short'],
    ['16 ZWJ families', '👨‍👩‍👧'.repeat(16), 'medium'],
    ['a merge field and 11 characters', `{{name}}${'あ'.repeat(11)}`, 'short'],
    ['a merge field and 12 characters', `{{name}}${'あ'.repeat(12)}`, 'medium'],
    ['a long fallback', `{{name|${'x'.repeat(40)}}}${'あ'.repeat(11)}`, 'short'],
  ] as const)('%s are %s', (_, subject, band) => {
    expect(describeSubject(subject).lengthBand).toBe(band);
  });
});
