import { useId, useState, type ReactNode } from 'react';
import type { LabCloudEntry, UsageLimitSetting } from '../../shared/contract';
import { useApi } from '../api/api-context';
import type { SettingsState } from '../hooks/use-settings';
import { SaveBar } from './SaveBar';
import { messageOf, type CloudsState } from './use-clouds';
import './settings.css';

function sameOrder(a: readonly LabCloudEntry[], b: readonly LabCloudEntry[]): boolean {
  return a.length === b.length && a.every((e, i) => e.name === b[i]!.name && e.capacity === b[i]!.capacity);
}

function capacityWords(capacity: number): string {
  if (capacity === -1) return 'unlimited';
  if (capacity === 0) return 'off';
  return `at most ${capacity} lab${capacity === 1 ? '' : 's'}`;
}

/** The provider fallback order: which clouds new labs try, in order, and how many labs each may hold. */
function FallbackOrder({ clouds }: { clouds: CloudsState }): ReactNode {
  const api = useApi();
  const id = useId();
  const saved = clouds.listing?.order ?? [];
  const [draft, setDraft] = useState<LabCloudEntry[]>(saved);
  const [adding, setAdding] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // A change from elsewhere (another window, a removed cloud) resets the draft.
  const savedKey = JSON.stringify(saved);
  const [draftOf, setDraftOf] = useState(savedKey);
  if (draftOf !== savedKey) {
    setDraftOf(savedKey);
    setDraft(saved);
  }

  if (!clouds.listing) return null;
  const override = clouds.listing.orderOverride;
  const names = clouds.listing.clouds.map((c) => c.name);
  const outside = names.filter((n) => !draft.some((e) => e.name === n));
  const changed = !sameOrder(draft, saved);
  const invalid = draft.some((e) => !Number.isInteger(e.capacity) || e.capacity < -1);

  const moveBy = (index: number, delta: number): void =>
    setDraft((old) => {
      const next = [...old];
      const [entry] = next.splice(index, 1);
      next.splice(index + delta, 0, entry!);
      return next;
    });

  const save = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      clouds.accept(await api.call('clouds.setOrder', { order: draft }));
      setStatus(draft.length ? 'Saved the order.' : 'Saved: labs use the default cloud.');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset disabled={Boolean(override) || busy}>
      <legend>Clouds for labs, in order</legend>
      <p className="field-hint">
        A new lab tries the first cloud, then the next when one is full or fails. A lab stays on the cloud that holds it. Capacity: -1
        unlimited, 0 off, or the most labs the cloud may hold.
      </p>
      {override && (
        <p className="banner banner-warn" role="note">
          LAB_CONSOLE_LAB_CLOUDS is set ({override}); it decides the order until it is unset.
        </p>
      )}
      {draft.length === 0 ? (
        <p>No order is set: labs use the default cloud{clouds.listing.defaultCloud ? ` (${clouds.listing.defaultCloud})` : ''}.</p>
      ) : (
        <ol className="order-list" aria-label="Fallback order">
          {draft.map((entry, index) => {
            const known = names.includes(entry.name);
            const inputId = `${id}-cap-${index}`;
            return (
              <li key={entry.name} className="order-row">
                <span className="order-place" aria-hidden="true">
                  {index + 1}.
                </span>
                <span className="cloud-name">{entry.name}</span>
                {!known && <span className="badge badge-problem">unknown cloud</span>}
                <label htmlFor={inputId}>Capacity of {entry.name}</label>
                <input
                  id={inputId}
                  type="number"
                  min={-1}
                  step={1}
                  value={Number.isNaN(entry.capacity) ? '' : entry.capacity}
                  aria-describedby={`${inputId}-words`}
                  onChange={(e) => {
                    const capacity = e.target.value === '' ? Number.NaN : Number(e.target.value);
                    setDraft((old) => old.map((x, i) => (i === index ? { ...x, capacity } : x)));
                  }}
                />
                <span className="field-hint" id={`${inputId}-words`}>
                  {Number.isInteger(entry.capacity) && entry.capacity >= -1 ? capacityWords(entry.capacity) : 'a whole number from -1'}
                </span>
                <button type="button" aria-label={`Move ${entry.name} up`} disabled={index === 0} onClick={() => moveBy(index, -1)}>
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={`Move ${entry.name} down`}
                  disabled={index === draft.length - 1}
                  onClick={() => moveBy(index, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  aria-label={`Take ${entry.name} out of the order`}
                  onClick={() => setDraft((old) => old.filter((_, i) => i !== index))}
                >
                  Take out
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {outside.length > 0 && (
        <div className="inline-fields">
          <label htmlFor={`${id}-add`}>Add a cloud to the order</label>
          <select id={`${id}-add`} value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="">Choose…</option>
            {outside.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!adding}
            onClick={() => {
              setDraft((old) => [...old, { name: adding, capacity: -1 }]);
              setAdding('');
            }}
          >
            Add
          </button>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button-primary" disabled={!changed || invalid} onClick={() => void save()}>
          Save order
        </button>
        {changed && (
          <button type="button" onClick={() => setDraft(saved)}>
            Undo changes
          </button>
        )}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <p role="status" aria-live="polite" className="status-text">
        {status}
      </p>
    </fieldset>
  );
}

/** Running lab hours a learner may use before the app warns or blocks. */
function UsageLimit({ settings }: { settings: SettingsState }): ReactNode {
  const id = useId();
  const saved = settings.settings?.usageLimit;
  const [enabled, setEnabled] = useState(Boolean(saved));
  const [hours, setHours] = useState(String(saved?.hours ?? 20));
  const [mode, setMode] = useState<UsageLimitSetting['mode']>(saved?.mode ?? 'warn');
  const [status, setStatus] = useState('');
  const savedKey = JSON.stringify(saved ?? null);
  const [formOf, setFormOf] = useState(savedKey);
  if (formOf !== savedKey) {
    setFormOf(savedKey);
    setEnabled(Boolean(saved));
    if (saved) {
      setHours(String(saved.hours));
      setMode(saved.mode);
    }
  }

  const parsedHours = Number(hours);
  const hoursValid = hours.trim() !== '' && Number.isFinite(parsedHours) && parsedHours > 0;
  const next: UsageLimitSetting | null = enabled && hoursValid ? { hours: parsedHours, mode } : null;
  const changed = JSON.stringify(next) !== savedKey;

  const save = async (): Promise<void> => {
    await settings.update({ usageLimit: next });
    setStatus(
      next ? `Saved: ${next.mode === 'block' ? 'launching stops' : 'a warning comes'} after ${next.hours} lab hours.` : 'Saved: no limit.',
    );
  };

  return (
    <fieldset disabled={!settings.settings}>
      <legend>Lab hours per learner</legend>
      <label className="radio">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Limit the running hours of labs
      </label>
      <div className="inline-fields">
        <label htmlFor={`${id}-hours`}>Hours</label>
        <input
          id={`${id}-hours`}
          type="number"
          min={1}
          step={1}
          value={hours}
          disabled={!enabled}
          aria-invalid={enabled && !hoursValid ? true : undefined}
          aria-describedby={`${id}-hours-hint`}
          onChange={(e) => setHours(e.target.value)}
        />
        <label htmlFor={`${id}-mode`}>When reached</label>
        <select id={`${id}-mode`} value={mode} disabled={!enabled} onChange={(e) => setMode(e.target.value as UsageLimitSetting['mode'])}>
          <option value="warn">Warn the learner</option>
          <option value="block">Block new launches and resumes</option>
        </select>
      </div>
      <p className="field-hint" id={`${id}-hours-hint`}>
        {enabled && !hoursValid ? 'Enter a number of hours above 0.' : 'Counted from the lab ledger: only the time labs were running.'}
      </p>
      <SaveBar label="Save limit" canSave={changed && !(enabled && !hoursValid)} onSave={() => void save()} status={status} />
    </fieldset>
  );
}

/** Settings › Lab limits: the provider fallback order with capacities, and the usage limit. */
export function LabLimitsCard({ clouds, settings }: { clouds: CloudsState; settings: SettingsState }): ReactNode {
  return (
    <section className="card card-wide" aria-labelledby="lab-limits-title">
      <h2 id="lab-limits-title">Lab limits</h2>
      <FallbackOrder clouds={clouds} />
      <UsageLimit settings={settings} />
    </section>
  );
}
