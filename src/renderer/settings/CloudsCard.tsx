import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { translator } from '../i18n/translator';
import type { CloudEntry, CloudListing } from '../../shared/contract';
import type { CloudCheckResult } from '../../shared/openstack/cloud-check';
import { useApi } from '../api/api-context';
import { AddCloudDialog } from './AddCloudDialog';
import { EditCloudForm } from './EditCloudForm';
import { RatesForm } from './RatesForm';
import { messageOf, type CloudsState } from './use-clouds';
import './settings.css';

const KIND_LABELS = {
  password: 'settings.clouds.kind.password',
  'app-credential': 'settings.clouds.kind.appCredential',
  token: 'settings.clouds.kind.token',
} as const satisfies Record<CloudEntry['kind'], `settings.clouds.kind.${string}`>;

function sourceLabel(cloud: CloudEntry): string {
  if (cloud.source === 'app') return translator.t('settings.clouds.addedHere');
  if (cloud.source === 'environment') return translator.t('settings.clouds.environment');
  return cloud.file ?? 'clouds.yaml';
}

type CheckState =
  { status: 'running' } | { status: 'ok'; result: CloudCheckResult; checkedAt: number } | { status: 'failed'; message: string };

function CheckOutcome({ name, state }: { name: string; state: CheckState }): ReactNode {
  const { t, i18n } = useTranslation();
  if (state.status === 'running') {
    return (
      <p className="status-text" role="status">
        {t('settings.clouds.check.testing', { name })}
      </p>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="check-result check-failed" role="alert">
        <strong>{t('settings.clouds.check.notYet', { name })}</strong> {state.message}
      </div>
    );
  }
  const r = state.result;
  const minutes = Math.round((Date.parse(r.tokenExpiresAt) - state.checkedAt) / 60_000);
  const expires = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(r.tokenExpiresAt));
  return (
    <div className={`check-result ${r.heatReachable ? 'check-ok' : 'check-failed'}`} role={r.heatReachable ? 'status' : 'alert'}>
      <strong>{r.heatReachable ? t('settings.clouds.check.works', { name }) : t('settings.clouds.check.noHeat', { name })}</strong>
      <dl>
        <dt>{t('settings.clouds.check.loggedInAs')}</dt>
        <dd>{t('settings.clouds.check.userInProject', { user: r.user, project: r.project || t('settings.clouds.check.none') })}</dd>
        <dt>{t('settings.clouds.check.region')}</dt>
        <dd>
          {t('settings.clouds.check.regionEndpoints', { region: r.region ?? t('settings.clouds.check.any'), interface: r.interface })}
        </dd>
        <dt>{t('settings.clouds.check.identity')}</dt>
        <dd>{r.endpoints.identity}</dd>
        <dt>{t('settings.clouds.check.orchestration')}</dt>
        <dd>{r.endpoints.orchestration ?? t('settings.clouds.check.notInCatalog')}</dd>
        <dt>Heat</dt>
        <dd>
          {r.heatReachable
            ? t('settings.clouds.check.reachable')
            : t('settings.clouds.check.unreachable', { problem: r.heatProblem ?? t('settings.clouds.check.unknownProblem') })}
        </dd>
        <dt>{t('settings.clouds.check.tokenExpires')}</dt>
        <dd>
          {expires} {Number.isFinite(minutes) && minutes >= 0 ? t('settings.clouds.check.inMinutes', { count: minutes }) : ''}
        </dd>
      </dl>
    </div>
  );
}

function CloudRow({ cloud, onListing }: { cloud: CloudEntry; onListing: (l: CloudListing, message: string) => void }): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const [check, setCheck] = useState<CheckState>();
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const [pricing, setPricing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const titleId = `cloud-${cloud.name}`;

  const test = async (): Promise<void> => {
    setCheck({ status: 'running' });
    try {
      const result = await api.call('clouds.check', { name: cloud.name });
      setCheck({ status: 'ok', result, checkedAt: Date.now() });
    } catch (e) {
      setCheck({ status: 'failed', message: messageOf(e) });
    }
  };

  const act = async (run: () => Promise<CloudListing>, message: string): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      onListing(await run(), message);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  const who = [
    cloud.user &&
      (cloud.kind === 'app-credential'
        ? t('settings.clouds.who.credential', { id: cloud.user })
        : t('settings.clouds.who.user', { user: cloud.user })),
    cloud.project && t('settings.clouds.who.project', { project: cloud.project }),
    cloud.region && t('settings.clouds.who.region', { region: cloud.region }),
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <li className="cloud-item" aria-labelledby={titleId}>
      <div className="cloud-item-head">
        <span className="cloud-name" id={titleId}>
          {cloud.name}
        </span>
        {cloud.isDefault && <span className="badge badge-default">{t('settings.clouds.default')}</span>}
        <span className="badge">{t(KIND_LABELS[cloud.kind])}</span>
        {cloud.problem && <span className="badge badge-problem">{t('settings.clouds.needsAttention')}</span>}
        <span className="cloud-actions">
          <button
            type="button"
            onClick={() => void test()}
            disabled={check?.status === 'running'}
            aria-label={t('settings.clouds.testNamed', { name: cloud.name })}
          >
            {t('settings.clouds.test')}
          </button>
          {!cloud.isDefault && (
            <button
              type="button"
              disabled={busy}
              aria-label={t('settings.clouds.makeDefaultNamed', { name: cloud.name })}
              onClick={() =>
                void act(() => api.call('clouds.setDefault', { name: cloud.name }), t('settings.clouds.isDefaultNow', { name: cloud.name }))
              }
            >
              {t('settings.clouds.makeDefault')}
            </button>
          )}
          {cloud.removable && cloud.kind !== 'token' && (
            <button
              type="button"
              disabled={busy || editing}
              aria-label={t('settings.clouds.changeLoginNamed', { name: cloud.name })}
              onClick={() => {
                setEditing(true);
                setCheck(undefined);
              }}
            >
              {t('settings.clouds.changeLogin')}
            </button>
          )}
          {cloud.removable && (
            <button
              type="button"
              disabled={busy || pricing}
              aria-label={t('cost.rates.buttonLabel', { cloud: cloud.name })}
              onClick={() => setPricing(true)}
            >
              {t('cost.rates.button')}
            </button>
          )}
          {cloud.removable && (
            <button
              type="button"
              disabled={busy || confirming}
              aria-label={t('settings.clouds.removeNamed', { name: cloud.name })}
              onClick={() => setConfirming(true)}
            >
              {t('settings.clouds.removeAsk')}
            </button>
          )}
        </span>
      </div>
      <p className="cloud-meta">
        {cloud.authUrl}
        {who && ` · ${who}`} · {sourceLabel(cloud)}
      </p>
      {cloud.problem && <p className="cloud-problem">{cloud.problem}</p>}
      {editing && (
        <EditCloudForm
          cloud={cloud}
          onCancel={() => setEditing(false)}
          onSaved={(next) => {
            setEditing(false);
            onListing(next, t('settings.clouds.loginSaved', { name: cloud.name }));
          }}
        />
      )}
      {pricing && (
        <RatesForm
          cloud={cloud}
          onCancel={() => setPricing(false)}
          onSaved={(next) => {
            setPricing(false);
            onListing(next, t('cost.rates.saved', { cloud: cloud.name }));
          }}
        />
      )}
      {confirming && (
        <div className="confirm-row" role="group" aria-label={t('settings.clouds.confirmRemove', { name: cloud.name })}>
          <span>{t('settings.clouds.removeQuestion', { name: cloud.name })}</span>
          <button
            type="button"
            className="button-danger"
            disabled={busy}
            onClick={() =>
              void act(() => api.call('clouds.remove', { name: cloud.name }), t('settings.clouds.removed', { name: cloud.name }))
            }
          >
            {t('settings.clouds.removeNamed', { name: cloud.name })}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('settings.cancel')}
          </button>
        </div>
      )}
      {error && (
        <p className="cloud-problem" role="alert">
          {error}
        </p>
      )}
      {check && <CheckOutcome name={cloud.name} state={check} />}
    </li>
  );
}

/** Settings › Clouds: the clouds labs can run on, how to add one, test it and pick the default. */
export function CloudsCard({ clouds }: { clouds: CloudsState }): ReactNode {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);
  const wasAdding = useRef(false);
  // Back to "Add cloud…" when the form closes, so keyboard users keep their place.
  useEffect(() => {
    if (!adding && wasAdding.current) addButton.current?.focus();
    wasAdding.current = adding;
  }, [adding]);
  const [status, setStatus] = useState('');
  const [warnings, setWarnings] = useState<readonly string[]>([]);
  const { listing } = clouds;

  const onListing = (next: CloudListing, message: string): void => {
    clouds.accept(next);
    setStatus(message);
    setWarnings([]);
  };

  return (
    <section className="card card-wide" aria-labelledby="clouds-title">
      <h2 id="clouds-title">{t('settings.clouds.title')}</h2>
      <p className="card-intro">
        <Trans i18nKey="settings.clouds.intro" components={{ code: <code /> }} />
      </p>
      {clouds.error && (
        <div className="banner banner-error" role="alert">
          {t('settings.clouds.listFailed', { message: clouds.error })}
        </div>
      )}
      {listing?.filesProblem && (
        <div className="banner banner-warn" role="alert">
          {t('settings.clouds.filesProblem', { message: listing.filesProblem })}
        </div>
      )}
      {!listing && !clouds.error && <p>{t('app.loading')}</p>}
      {listing && listing.clouds.length === 0 && <p>{t('settings.clouds.none')}</p>}
      {listing && listing.clouds.length > 0 && (
        <ul className="cloud-list" aria-label={t('settings.clouds.title')}>
          {listing.clouds.map((cloud) => (
            <CloudRow key={cloud.name} cloud={cloud} onListing={onListing} />
          ))}
        </ul>
      )}
      {!adding && (
        <button type="button" className="button-primary" ref={addButton} onClick={() => setAdding(true)}>
          {t('settings.clouds.addAsk')}
        </button>
      )}
      {adding && (
        <AddCloudDialog
          onCancel={() => setAdding(false)}
          onAdded={(result) => {
            setAdding(false);
            onListing(result, t('settings.clouds.added', { names: result.added.join(', '), count: result.added.length }));
            setWarnings([...result.warnings, ...result.failed.map((f) => t('settings.clouds.notImported', { message: f.message }))]);
          }}
        />
      )}
      <p role="status" aria-live="polite" className="status-text">
        {status}
      </p>
      {warnings.length > 0 && (
        <ul className="field-hint" aria-label={t('settings.clouds.notes')}>
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
