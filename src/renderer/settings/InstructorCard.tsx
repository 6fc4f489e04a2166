import { useId, useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { InstructorSetting } from '../../shared/contract';
import type { SettingsState } from '../hooks/use-settings';
import { SaveBar } from './SaveBar';
import type { CloudsState } from './use-clouds';
import './settings.css';

// A regular expression as an example: the same in every language.
const PATTERN_EXAMPLE = '^lab-';

interface Draft {
  cloud: string;
  cohort: string;
  projectPattern: string;
  concurrency: string;
}

const draftOf = (saved: InstructorSetting | undefined): Draft => ({
  cloud: saved?.cloud ?? '',
  cohort: saved?.cohort ?? '',
  projectPattern: saved?.projectPattern ?? '',
  concurrency: saved?.concurrency !== undefined ? String(saved.concurrency) : '',
});

const WHOLE = /^\d{1,3}$/;

/** The setting a draft stands for (empty fields are left out; nothing set at all is null). */
function settingOf(draft: Draft): Record<string, string | number> | null {
  const entries = Object.entries(draft)
    .map(([k, v]) => [k, v.trim()] as const)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => [k, k === 'concurrency' && WHOLE.test(v) ? Number(v) : v] as const);
  return entries.length ? Object.fromEntries(entries) : null;
}

/** A text field of the grid, with its hint below, or what is wrong with it. */
function TextField(props: {
  id: string;
  label: string;
  value: string;
  placeholder: string;
  problem: string | undefined;
  onChange: (e: { target: { value: string } }) => void;
  children: ReactNode;
}): ReactNode {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <div>
        <input
          id={props.id}
          value={props.value}
          placeholder={props.placeholder}
          spellCheck={false}
          aria-invalid={props.problem ? true : undefined}
          aria-describedby={`${props.id}-hint`}
          onChange={props.onChange}
        />
        <p className={props.problem ? 'field-error' : 'field-hint'} id={`${props.id}-hint`}>
          {props.problem ?? props.children}
        </p>
      </div>
    </>
  );
}

/**
 * Settings › Instructor: which cloud's credentials read the cohort and which of the learner
 * projects they reach belong to it. `lab-console cohort …` uses the same unless its flags say otherwise.
 */
export function InstructorCard({ clouds, settings }: { clouds: CloudsState; settings: SettingsState }): ReactNode {
  const { t } = useTranslation();
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
  if (problems.has('concurrency')) problems.set('concurrency', t('cost.listing.concurrencyInvalid'));
  const changed = JSON.stringify(next) !== savedKey;
  const names = clouds.listing?.clouds.map((c) => c.name) ?? [];
  const defaultCloud = clouds.listing?.defaultCloud;
  const set = (field: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));

  const save = async (): Promise<void> => {
    setStatus('');
    if (checked && !checked.success) return;
    if (await settings.update({ instructor: checked ? checked.data : null })) {
      setStatus(t('settings.instructor.saved'));
    }
  };

  return (
    <section className="card card-wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('settings.instructor.title')}</h2>
      <fieldset disabled={!settings.settings}>
        <legend>{t('settings.instructor.legend')}</legend>
        <p className="field-hint">{t('settings.instructor.hint')}</p>
        <div className="form-grid">
          <label htmlFor={`${id}-cloud`}>{t('settings.instructor.cloud')}</label>
          <select id={`${id}-cloud`} value={draft.cloud} onChange={set('cloud')}>
            <option value="">
              {defaultCloud ? t('settings.instructor.defaultCloudNamed', { cloud: defaultCloud }) : t('settings.instructor.defaultCloud')}
            </option>
            {[...new Set([...names, ...(draft.cloud ? [draft.cloud] : [])])].map((n) => (
              <option key={n} value={n}>
                {n}
                {names.includes(n) ? '' : ` ${t('settings.instructor.notConfigured')}`}
              </option>
            ))}
          </select>
          <TextField
            id={`${id}-cohort`}
            label={t('settings.instructor.cohortTag')}
            value={draft.cohort}
            placeholder="spring-2027"
            problem={problems.get('cohort')}
            onChange={set('cohort')}
          >
            <Trans
              i18nKey="settings.instructor.cohortHint"
              values={{ tag: `lc-cohort=${draft.cohort.trim() || 'NAME'}` }}
              components={{ code: <code />, command: <code /> }}
            />
          </TextField>
          <TextField
            id={`${id}-pattern`}
            label={t('settings.instructor.projectNames')}
            value={draft.projectPattern}
            placeholder={PATTERN_EXAMPLE}
            problem={problems.get('projectPattern')}
            onChange={set('projectPattern')}
          >
            {t('settings.instructor.patternHint')}
          </TextField>
          <TextField
            id={`${id}-concurrency`}
            label={t('cost.listing.concurrency')}
            value={draft.concurrency}
            placeholder="8"
            problem={problems.get('concurrency')}
            onChange={set('concurrency')}
          >
            {t('cost.listing.concurrencyHint')}
          </TextField>
        </div>
        <SaveBar
          label={t('settings.instructor.save')}
          canSave={changed && problems.size === 0}
          onSave={() => void save()}
          onUndo={changed ? () => setDraft(draftOf(saved)) : undefined}
          status={status}
        />
      </fieldset>
    </section>
  );
}
