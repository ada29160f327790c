import type { Lang } from '../../lib/lang.js';
import { DASHBOARD_TEXT } from '../../text/index.js';

export function SignIn(props: { lang: Lang; failed: boolean }) {
  const t = DASHBOARD_TEXT[props.lang];
  return (
    <form method="post" action="/dashboard/sign-in">
      <p>{t.signInIntro}</p>
      {props.failed ? (
        <p role="alert" class="behind">
          {t.badKey}
        </p>
      ) : null}
      <label for="key">{t.apiKey}</label>{' '}
      <input id="key" name="key" type="password" autocomplete="off" required />{' '}
      <button type="submit">{t.signIn}</button>
    </form>
  );
}
