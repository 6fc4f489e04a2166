import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { CloudEntry, CloudListing } from '../../shared/contract';
import type { CloudCheckResult } from '../../shared/openstack/cloud-check';
import { useApi } from '../api/api-context';
import { AddCloudDialog } from './AddCloudDialog';
import { useTranslation } from 'react-i18next';
import { EditCloudForm } from './EditCloudForm';
import { RatesForm } from './RatesForm';
import { messageOf, type CloudsState } from './use-clouds';
import './settings.css';

const KIND_LABELS: Record<CloudEntry['kind'], string> = {
  password: 'Password',
  'app-credential': 'Application credential',
  token: 'Token',
};

function sourceLabel(cloud: CloudEntry): string {
  if (cloud.source === 'app') return 'added here';
  if (cloud.source === 'environment') return 'OS_* variables';
  return cloud.file ?? 'clouds.yaml';
}

type CheckState =
  { status: 'running' } | { status: 'ok'; result: CloudCheckResult; checkedAt: number } | { status: 'failed'; message: string };

function CheckOutcome({ name, state }: { name: string; state: CheckState }): ReactNode {
  if (state.status === 'running') {
    return (
      <p className="status-text" role="status">
        Testing {name}…
      </p>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="check-result check-failed" role="alert">
        <strong>{name} does not work yet.</strong> {state.message}
      </div>
    );
  }
  const r = state.result;
  const minutes = Math.round((Date.parse(r.tokenExpiresAt) - state.checkedAt) / 60_000);
  return (
    <div className={`check-result ${r.heatReachable ? 'check-ok' : 'check-failed'}`} role={r.heatReachable ? 'status' : 'alert'}>
      <strong>{r.heatReachable ? `${name} works.` : `${name}: logged in, but Heat cannot be reached.`}</strong>
      <dl>
        <dt>Logged in as</dt>
        <dd>
          {r.user} in project {r.project || '(none)'}
        </dd>
        <dt>Region</dt>
        <dd>
          {r.region ?? '(any)'}, {r.interface} endpoints
        </dd>
        <dt>Identity</dt>
        <dd>{r.endpoints.identity}</dd>
        <dt>Orchestration</dt>
        <dd>{r.endpoints.orchestration ?? '(not in the catalog)'}</dd>
        <dt>Heat</dt>
        <dd>{r.heatReachable ? 'reachable' : `not reachable: ${r.heatProblem ?? 'unknown problem'}`}</dd>
        <dt>Token expires</dt>
        <dd>
          {new Date(r.tokenExpiresAt).toLocaleString()} {Number.isFinite(minutes) && minutes >= 0 ? `(in ${minutes} min)` : ''}
        </dd>
      </dl>
    </div>
  );
}

function CloudRow({ cloud, onListing }: { cloud: CloudEntry; onListing: (l: CloudListing, message: string) => void }): ReactNode {
  const api = useApi();
  const [check, setCheck] = useState<CheckState>();
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const [pricing, setPricing] = useState(false);
  const { t } = useTranslation();
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
    cloud.user && (cloud.kind === 'app-credential' ? `credential ${cloud.user}` : `user ${cloud.user}`),
    cloud.project && `project ${cloud.project}`,
    cloud.region && `region ${cloud.region}`,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <li className="cloud-item" aria-labelledby={titleId}>
      <div className="cloud-item-head">
        <span className="cloud-name" id={titleId}>
          {cloud.name}
        </span>
        {cloud.isDefault && <span className="badge badge-default">Default</span>}
        <span className="badge">{KIND_LABELS[cloud.kind]}</span>
        {cloud.problem && <span className="badge badge-problem">Needs attention</span>}
        <span className="cloud-actions">
          <button type="button" onClick={() => void test()} disabled={check?.status === 'running'} aria-label={`Test ${cloud.name}`}>
            Test
          </button>
          {!cloud.isDefault && (
            <button
              type="button"
              disabled={busy}
              aria-label={`Make ${cloud.name} the default`}
              onClick={() => void act(() => api.call('clouds.setDefault', { name: cloud.name }), `${cloud.name} is now the default cloud.`)}
            >
              Make default
            </button>
          )}
          {cloud.removable && cloud.kind !== 'token' && (
            <button
              type="button"
              disabled={busy || editing}
              aria-label={`Change the login of ${cloud.name}`}
              onClick={() => {
                setEditing(true);
                setCheck(undefined);
              }}
            >
              Change login…
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
            <button type="button" disabled={busy || confirming} aria-label={`Remove ${cloud.name}`} onClick={() => setConfirming(true)}>
              Remove…
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
            onListing(next, `Saved the new login of ${cloud.name}: it signed in and reached Heat.`);
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
        <div className="confirm-row" role="group" aria-label={`Confirm removing ${cloud.name}`}>
          <span>Remove {cloud.name}? Its saved secret is deleted too; labs already on it keep running.</span>
          <button
            type="button"
            className="button-danger"
            disabled={busy}
            onClick={() => void act(() => api.call('clouds.remove', { name: cloud.name }), `Removed ${cloud.name}.`)}
          >
            Remove {cloud.name}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
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
      <h2 id="clouds-title">Clouds</h2>
      <p className="card-intro">
        Labs run in an OpenStack cloud. Your school gives you a <code>clouds.yaml</code>, an application credential, or a user name and
        password.
      </p>
      {clouds.error && (
        <div className="banner banner-error" role="alert">
          Could not list the clouds: {clouds.error}
        </div>
      )}
      {listing?.filesProblem && (
        <div className="banner banner-warn" role="alert">
          Your clouds.yaml cannot be read, so its clouds are missing here: {listing.filesProblem}
        </div>
      )}
      {!listing && !clouds.error && <p>Loading…</p>}
      {listing && listing.clouds.length === 0 && <p>No cloud is set up yet.</p>}
      {listing && listing.clouds.length > 0 && (
        <ul className="cloud-list" aria-label="Clouds">
          {listing.clouds.map((cloud) => (
            <CloudRow key={cloud.name} cloud={cloud} onListing={onListing} />
          ))}
        </ul>
      )}
      {!adding && (
        <button type="button" className="button-primary" ref={addButton} onClick={() => setAdding(true)}>
          Add cloud…
        </button>
      )}
      {adding && (
        <AddCloudDialog
          onCancel={() => setAdding(false)}
          onAdded={(result) => {
            setAdding(false);
            onListing(result, `Added ${result.added.join(', ')}. Press Test to check ${result.added.length > 1 ? 'them' : 'it'}.`);
            setWarnings([...result.warnings, ...result.failed.map((f) => `Not imported: ${f.message}`)]);
          }}
        />
      )}
      <p role="status" aria-live="polite" className="status-text">
        {status}
      </p>
      {warnings.length > 0 && (
        <ul className="field-hint" aria-label="Notes on the added clouds">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
