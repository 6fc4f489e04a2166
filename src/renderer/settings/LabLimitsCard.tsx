import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { translator } from '../i18n/translator';
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
  const { t } = translator;
  if (capacity === -1) return t('settings.labLimits.capacity.unlimited');
  if (capacity === 0) return t('settings.labLimits.capacity.off');
  return t('settings.labLimits.capacity.atMost', { count: capacity });
}

/** The provider fallback order: which clouds new labs try, in order, and how many labs each may hold. */
function FallbackOrder({ clouds }: { clouds: CloudsState }): ReactNode {
  const { t } = useTranslation();
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
      setStatus(draft.length ? t('settings.labLimits.order.saved') : t('settings.labLimits.order.savedNone'));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset disabled={Boolean(override) || busy}>
      <legend>{t('settings.labLimits.order.legend')}</legend>
      <p className="field-hint">{t('settings.labLimits.order.hint')}</p>
      {override && (
        <p className="banner banner-warn" role="note">
          {t('settings.labLimits.order.override', { override })}
        </p>
      )}
      {draft.length === 0 ? (
        <p>
          {clouds.listing.defaultCloud
            ? t('settings.labLimits.order.noneNamed', { cloud: clouds.listing.defaultCloud })
            : t('settings.labLimits.order.none')}
        </p>
      ) : (
        <ol className="order-list" aria-label={t('settings.labLimits.order.list')}>
          {draft.map((entry, index) => {
            const known = names.includes(entry.name);
            const inputId = `${id}-cap-${index}`;
            return (
              <li key={entry.name} className="order-row">
                <span className="order-place" aria-hidden="true">
                  {index + 1}.
                </span>
                <span className="cloud-name">{entry.name}</span>
                {!known && <span className="badge badge-problem">{t('settings.labLimits.order.unknownCloud')}</span>}
                <label htmlFor={inputId}>{t('settings.labLimits.order.capacityOf', { cloud: entry.name })}</label>
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
                  {Number.isInteger(entry.capacity) && entry.capacity >= -1
                    ? capacityWords(entry.capacity)
                    : t('settings.labLimits.capacity.invalid')}
                </span>
                <button
                  type="button"
                  aria-label={t('settings.labLimits.order.moveUp', { cloud: entry.name })}
                  disabled={index === 0}
                  onClick={() => moveBy(index, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={t('settings.labLimits.order.moveDown', { cloud: entry.name })}
                  disabled={index === draft.length - 1}
                  onClick={() => moveBy(index, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  aria-label={t('settings.labLimits.order.takeOutOf', { cloud: entry.name })}
                  onClick={() => setDraft((old) => old.filter((_, i) => i !== index))}
                >
                  {t('settings.labLimits.order.takeOut')}
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {outside.length > 0 && (
        <div className="inline-fields">
          <label htmlFor={`${id}-add`}>{t('settings.labLimits.order.addLabel')}</label>
          <select id={`${id}-add`} value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="">{t('settings.labLimits.order.choose')}</option>
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
            {t('settings.labLimits.order.add')}
          </button>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button-primary" disabled={!changed || invalid} onClick={() => void save()}>
          {t('settings.labLimits.order.save')}
        </button>
        {changed && (
          <button type="button" onClick={() => setDraft(saved)}>
            {t('settings.undoChanges')}
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
  const { t } = useTranslation();
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
      next
        ? next.mode === 'block'
          ? t('settings.labLimits.usage.savedBlock', { count: next.hours })
          : t('settings.labLimits.usage.savedWarn', { count: next.hours })
        : t('settings.labLimits.usage.savedNone'),
    );
  };

  return (
    <fieldset disabled={!settings.settings}>
      <legend>{t('settings.labLimits.usage.legend')}</legend>
      <label className="radio">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        {t('settings.labLimits.usage.enable')}
      </label>
      <div className="inline-fields">
        <label htmlFor={`${id}-hours`}>{t('settings.labLimits.usage.hours')}</label>
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
        <label htmlFor={`${id}-mode`}>{t('settings.labLimits.usage.whenReached')}</label>
        <select id={`${id}-mode`} value={mode} disabled={!enabled} onChange={(e) => setMode(e.target.value as UsageLimitSetting['mode'])}>
          <option value="warn">{t('settings.labLimits.usage.warn')}</option>
          <option value="block">{t('settings.labLimits.usage.block')}</option>
        </select>
      </div>
      <p className="field-hint" id={`${id}-hours-hint`}>
        {enabled && !hoursValid ? t('settings.labLimits.usage.invalid') : t('settings.labLimits.usage.hint')}
      </p>
      <SaveBar
        label={t('settings.labLimits.usage.save')}
        canSave={changed && !(enabled && !hoursValid)}
        onSave={() => void save()}
        status={status}
      />
    </fieldset>
  );
}

/** Settings › Lab limits: the provider fallback order with capacities, and the usage limit. */
export function LabLimitsCard({ clouds, settings }: { clouds: CloudsState; settings: SettingsState }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="card card-wide" aria-labelledby="lab-limits-title">
      <h2 id="lab-limits-title">{t('settings.labLimits.title')}</h2>
      <FallbackOrder clouds={clouds} />
      <UsageLimit settings={settings} />
    </section>
  );
}
