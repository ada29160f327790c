import type { Lang } from '../lib/lang.js';

/** What recipients read on Kaifu's own pages (unsubscribe, a broken link): they never signed in anywhere. */
export const RECIPIENT_TEXT = {
  ja: {
    confirmTitle: '配信停止の確認',
    confirm: 'このメールアドレスへの配信を停止します。よろしければボタンを押してください。',
    button: '配信を停止する',
    doneTitle: '配信を停止しました',
    done: '今後このメールアドレスにお送りすることはありません。',
    badTitle: 'リンクが無効です',
    bad: 'このリンクは無効か、改変されています。お手数ですがメール本文のリンクをそのままお使いください。',
  },
  en: {
    confirmTitle: 'Confirm unsubscribe',
    confirm: 'You will no longer receive these emails at this address. Press the button to confirm.',
    button: 'Unsubscribe',
    doneTitle: 'You are unsubscribed',
    done: 'We will not send these emails to this address again.',
    badTitle: 'This link is not valid',
    bad: 'This link is invalid or has been altered. Please use the link exactly as it appears in the email.',
  },
} as const satisfies Record<Lang, unknown>;
