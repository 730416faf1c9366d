import { useState } from 'preact/hooks';
import {
  LOGIN_KINDS,
  loginChoiceOf,
  loginUrlOf,
  type LoginChoice,
  type LoginKind,
} from '../lib/login-url';
import {
  parseOptionsRequest,
  type ConnectDefaults,
  type OrgsResponse,
} from '../lib/options-messages';
import { askOptions } from '../ui/ask-options';
import { t } from '../ui/i18n';
import { troubleText } from './loaded';
import { LockNote } from './lock-note';

const LOGIN_KEY: Readonly<Record<LoginKind, string>> = {
  production: 'optLoginProduction',
  sandbox: 'optLoginSandbox',
  'my-domain': 'optLoginMyDomain',
};

type Problem = 'login' | 'client' | null;

/** Which login URL: production, sandbox, or the org's My Domain typed in. */
function LoginUrlFields({
  login,
  locked,
  invalid,
  onChange,
}: {
  login: LoginChoice;
  locked: boolean;
  /** The My Domain text is not a My Domain URL; the form said so on Connect. */
  invalid: boolean;
  onChange: (login: LoginChoice) => void;
}) {
  return (
    <>
      <div class="form-row">
        <label for="login-kind">{t('optLoginUrlLabel')}</label>
        <select
          id="login-kind"
          value={login.kind}
          disabled={locked}
          onChange={(e) => onChange({ ...login, kind: e.currentTarget.value as LoginKind })}
        >
          {LOGIN_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(LOGIN_KEY[kind])}
            </option>
          ))}
        </select>
      </div>
      {login.kind === 'my-domain' ? (
        <div class="form-row">
          <label for="my-domain">{t('optMyDomainLabel')}</label>
          <input
            id="my-domain"
            type="url"
            placeholder={t('optMyDomainPlaceholder')}
            value={login.myDomain}
            readOnly={locked}
            aria-invalid={invalid}
            aria-describedby={invalid ? 'my-domain-error' : undefined}
            onInput={(e) => onChange({ ...login, myDomain: e.currentTarget.value })}
          />
          {invalid ? (
            <p class="error field-error" id="my-domain-error">
              {t('optMyDomainInvalid')}
            </p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

/**
 * Connect with OAuth, for the unattended nightly run: the login URL (production, sandbox or My
 * Domain) and the consumer key of the org's External Client App. An administrator's policy fills
 * both in and may lock them.
 */
export function ConnectForm({
  defaults,
  onAnswer,
}: {
  defaults: ConnectDefaults | null;
  onAnswer: (answer: OrgsResponse) => void;
}) {
  const locked = defaults?.locked ?? false;
  const [login, setLogin] = useState<LoginChoice>(() => loginChoiceOf(defaults?.loginUrl ?? null));
  const [clientId, setClientId] = useState(defaults?.clientId ?? '');
  const [problem, setProblem] = useState<Problem>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setResult(null);
    const loginUrl = loginUrlOf(login);
    if (!loginUrl) return setProblem('login');
    const request = parseOptionsRequest({ type: 'connect', loginUrl, clientId: clientId.trim() });
    if (!request || request.type !== 'connect') return setProblem('client');
    setProblem(null);
    setBusy(true);
    try {
      const answer = await askOptions(request);
      onAnswer(answer);
      setResult(
        answer.ok
          ? { ok: true, text: t('optConnectDone') }
          : { ok: false, text: troubleText(answer) },
      );
    } catch (error) {
      setResult({ ok: false, text: troubleText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="connect-form" onSubmit={submit} noValidate>
      <h3 id="connect-heading">{t('optConnectHeading')}</h3>
      {locked ? (
        <p>
          <LockNote />
        </p>
      ) : null}
      <LoginUrlFields
        login={login}
        locked={locked}
        invalid={problem === 'login'}
        onChange={setLogin}
      />
      <div class="form-row">
        <label for="client-id">{t('optClientIdLabel')}</label>
        <input
          id="client-id"
          type="text"
          autoComplete="off"
          spellcheck={false}
          value={clientId}
          readOnly={locked}
          aria-invalid={problem === 'client'}
          aria-describedby={problem === 'client' ? 'client-id-error' : 'client-id-hint'}
          onInput={(e) => setClientId(e.currentTarget.value)}
        />
        <p class="muted hint" id="client-id-hint">
          {t('optClientIdHint')}
          {defaults ? (
            <>
              {' '}
              {t('optCallbackUrl')} <code class="callback-url">{defaults.callbackUrl}</code>
            </>
          ) : null}
        </p>
        {problem === 'client' ? (
          <p class="error field-error" id="client-id-error">
            {t('optClientIdInvalid')}
          </p>
        ) : null}
      </div>
      <button type="submit" class="brand" disabled={busy}>
        {busy ? t('optConnecting') : t('optConnect')}
      </button>
      {result ? (
        <p class={result.ok ? 'ok' : 'error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      ) : null}
    </form>
  );
}
