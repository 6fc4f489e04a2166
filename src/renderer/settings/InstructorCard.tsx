import { useId, useState, type ReactNode } from 'react';
import { InstructorSetting } from '../../shared/contract';
import type { SettingsState } from '../hooks/use-settings';
import type { CloudsState } from './use-clouds';
import './settings.css';

interface Draft {
  cloud: string;
  cohort: string;
  projectPattern: string;
}

const draftOf = (saved: InstructorSetting | undefined): Draft => ({
  cloud: saved?.cloud ?? '',
  cohort: saved?.cohort ?? '',
  projectPattern: saved?.projectPattern ?? '',
});

/** The setting a draft stands for (empty fields are left out; nothing set at all is null). */
function settingOf(draft: Draft): Record<string, string> | null {
  const entries = Object.entries(draft)
    .map(([k, v]) => [k, v.trim()] as const)
    .filter(([, v]) => v !== '');
  return entries.length ? Object.fromEntries(entries) : null;
}

/**
 * Settings › Instructor: which cloud's credentials read the cohort and which of the learner
 * projects they reach belong to it. `lab-console cohort …` uses the same unless its flags say otherwise.
 */
export function InstructorCard({ clouds, settings }: { clouds: CloudsState; settings: SettingsState }): ReactNode {
  const id = useId();
  const saved = settings.settings?.instructor;
  const savedKey = JSON.stringify(saved ?? null);
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  const [formOf, setFormOf] = useState(savedKey);
  const [status, setStatus] = useState('');
  if (formOf !== savedKey) {
    setFormOf(savedKey);
    setDraft(draftOf(saved));
  }

  const next = settingOf(draft);
  const checked = next ? InstructorSetting.safeParse(next) : undefined;
  const problems = new Map(checked && !checked.success ? checked.error.issues.map((i) => [String(i.path[0]), i.message]) : []);
  const changed = JSON.stringify(next) !== savedKey;
  const names = clouds.listing?.clouds.map((c) => c.name) ?? [];
  const defaultCloud = clouds.listing?.defaultCloud;
  const set = (field: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));

  const save = async (): Promise<void> => {
    setStatus('');
    if (await settings.update({ instructor: next as InstructorSetting | null })) {
      setStatus('Saved. The Instructor screen and lab-console cohort use it from now on.');
    }
  };

  return (
    <section className="card card-wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Instructor</h2>
      <fieldset disabled={!settings.settings}>
        <legend>Your cohort</legend>
        <p className="field-hint">
          The Instructor screen lists the labs in the learner projects these credentials reach (where they have a role). Narrow them to one cohort by project tag or by
          name.
        </p>
        <div className="form-grid">
          <label htmlFor={`${id}-cloud`}>Cloud</label>
          <select id={`${id}-cloud`} value={draft.cloud} onChange={set('cloud')}>
            <option value="">The default cloud{defaultCloud ? ` (${defaultCloud})` : ''}</option>
            {[...new Set([...names, ...(draft.cloud ? [draft.cloud] : [])])].map((n) => (
              <option key={n} value={n}>
                {n}
                {names.includes(n) ? '' : ' (not configured)'}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-cohort`}>Cohort tag</label>
          <div>
            <input
              id={`${id}-cohort`}
              value={draft.cohort}
              placeholder="spring-2027"
              aria-invalid={problems.has('cohort') || undefined}
              aria-describedby={`${id}-cohort-hint`}
              onChange={set('cohort')}
            />
            <p className={problems.has('cohort') ? 'field-error' : 'field-hint'} id={`${id}-cohort-hint`}>
              {problems.get('cohort') ?? (
                <>
                  Only projects tagged <code>lc-cohort={draft.cohort.trim() || 'NAME'}</code> (as <code>lab-console cohort enrol</code> tags them). Empty: every project.
                </>
              )}
            </p>
          </div>
          <label htmlFor={`${id}-pattern`}>Project names</label>
          <div>
            <input
              id={`${id}-pattern`}
              value={draft.projectPattern}
              placeholder="^lab-"
              spellCheck={false}
              aria-invalid={problems.has('projectPattern') || undefined}
              aria-describedby={`${id}-pattern-hint`}
              onChange={set('projectPattern')}
            />
            <p className={problems.has('projectPattern') ? 'field-error' : 'field-hint'} id={`${id}-pattern-hint`}>
              {problems.get('projectPattern') ?? 'A regular expression the project name must match. Empty: any name.'}
            </p>
          </div>
        </div>
        <div className="form-actions">
          <button type="button" className="button-primary" disabled={!changed || problems.size > 0} onClick={() => void save()}>
            Save cohort
          </button>
          {changed && (
            <button type="button" onClick={() => setDraft(draftOf(saved))}>
              Undo changes
            </button>
          )}
        </div>
        <p role="status" aria-live="polite" className="status-text">
          {status}
        </p>
      </fieldset>
    </section>
  );
}
