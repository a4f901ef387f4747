import { useEffect, useRef, useState, type FormEvent } from 'react';
import { LabelledField } from '../common/labelled-field.tsx';
import { t } from '../i18n/translate.ts';
import { useSignIn } from './session-context.tsx';

export function SignInPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useSignIn();
  const usernameField = useRef<HTMLInputElement>(null);
  const passwordField = useRef<HTMLInputElement>(null);

  useEffect(() => usernameField.current?.focus(), []);

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate(
      { username, password },
      {
        onError: () => {
          setPassword('');
          passwordField.current?.focus();
        },
      },
    );
  }

  return (
    <main className="sign-in" id="main">
      <form className="sign-in__form" onSubmit={submit} aria-labelledby="sign-in-heading">
        <p className="brand brand--large">{t('app.name')}</p>
        <h1 id="sign-in-heading">{t('signIn.heading')}</h1>
        <LabelledField id="sign-in-username" label={t('signIn.username')} ref={usernameField} name="username" autoComplete="username" required value={username} onValueChange={setUsername} />
        <LabelledField
          id="sign-in-password"
          label={t('signIn.password')}
          ref={passwordField}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onValueChange={setPassword}
        />
        <p className="message message--error" role="alert" aria-live="assertive">
          {signIn.error ? signIn.error.message : ''}
        </p>
        <button type="submit" className="button button--primary" disabled={signIn.isPending}>
          {signIn.isPending ? t('signIn.working') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
