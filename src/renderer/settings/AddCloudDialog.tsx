import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput, CloudTrialFailure, CloudsYamlCloud } from '../../shared/contract';
import { useApi } from '../api/api-context';
import { CredentialFields, Field, FormEnd, useCloudCall } from './CloudFormFields';
import { messageOf } from './use-clouds';

type Tab = 'yaml' | 'app-credential' | 'password';
const TABS = [
  { id: 'yaml', label: 'settings.addCloud.tab.yaml' },
  { id: 'app-credential', label: 'settings.addCloud.tab.appCredential' },
  { id: 'password', label: 'settings.addCloud.tab.password' },
] as const satisfies readonly { id: Tab; label: `settings.addCloud.tab.${string}` }[];
// An address as an example: the same in every language.
const AUTH_URL_EXAMPLE = 'https://keystone.example.org:5000/v3';
const CLOUDS_YAML_EXAMPLE = 'clouds:\n  school:\n    auth:\n      auth_url: https://…';

type Added = CallOutput<'clouds.add'>;
const useSubmit = (onAdded: (added: Added) => void) => useCloudCall('clouds.add', onAdded);

function AppCredentialForm({ onAdded, onCancel }: { onAdded: (a: Added) => void; onCancel: () => void }): ReactNode {
  const { t } = useTranslation();
  const [v, setV] = useState({ name: '', authUrl: '', applicationCredentialId: '', applicationCredentialSecret: '', regionName: '' });
  const { busy, errors, message, submit } = useSubmit(onAdded);
  const set = (key: keyof typeof v) => (value: string) => setV((old) => ({ ...old, [key]: value }));
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    void submit({ kind: 'app-credential', ...v, regionName: v.regionName.trim() || undefined });
  };
  return (
    <form onSubmit={onSubmit} aria-label={t('settings.addCloud.withCredential')} noValidate>
      <div className="form-grid">
        <Field
          name="name"
          label={t('settings.cloudForm.name')}
          value={v.name}
          onChange={set('name')}
          errors={errors}
          hint={t('settings.addCloud.nameHint')}
        />
        <Field
          name="authUrl"
          label={t('settings.cloudForm.authUrl')}
          type="url"
          value={v.authUrl}
          onChange={set('authUrl')}
          errors={errors}
          placeholder={AUTH_URL_EXAMPLE}
        />
        <CredentialFields values={v} set={set} errors={errors} secretHint={t('settings.addCloud.secretHint')} />
        <Field
          name="regionName"
          label={t('settings.cloudForm.region')}
          value={v.regionName}
          onChange={set('regionName')}
          errors={errors}
          required={false}
          hint={t('settings.addCloud.regionHint')}
        />
      </div>
      <FormEnd busy={busy} message={message} onCancel={onCancel} label={t('settings.cloudForm.addCloud')} />
    </form>
  );
}

function PasswordForm({ onAdded, onCancel }: { onAdded: (a: Added) => void; onCancel: () => void }): ReactNode {
  const { t } = useTranslation();
  const [v, setV] = useState({
    name: '',
    authUrl: '',
    username: '',
    password: '',
    projectName: '',
    userDomainName: 'Default',
    projectDomainName: 'Default',
    regionName: '',
  });
  const { busy, errors, message, submit } = useSubmit(onAdded);
  const set = (key: keyof typeof v) => (value: string) => setV((old) => ({ ...old, [key]: value }));
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    void submit({ kind: 'password', ...v, regionName: v.regionName.trim() || undefined });
  };
  return (
    <form onSubmit={onSubmit} aria-label={t('settings.addCloud.withPassword')} noValidate>
      <div className="form-grid">
        <Field name="name" label={t('settings.cloudForm.name')} value={v.name} onChange={set('name')} errors={errors} />
        <Field
          name="authUrl"
          label={t('settings.cloudForm.authUrl')}
          type="url"
          value={v.authUrl}
          onChange={set('authUrl')}
          errors={errors}
          placeholder={AUTH_URL_EXAMPLE}
        />
        <Field name="username" label={t('settings.cloudForm.userName')} value={v.username} onChange={set('username')} errors={errors} />
        <Field
          name="password"
          label={t('settings.cloudForm.password')}
          type="password"
          value={v.password}
          onChange={set('password')}
          errors={errors}
          hint={t('settings.addCloud.secretHint')}
        />
        <Field
          name="projectName"
          label={t('settings.cloudForm.project')}
          value={v.projectName}
          onChange={set('projectName')}
          errors={errors}
        />
        <Field
          name="userDomainName"
          label={t('settings.cloudForm.userDomain')}
          value={v.userDomainName}
          onChange={set('userDomainName')}
          errors={errors}
        />
        <Field
          name="projectDomainName"
          label={t('settings.cloudForm.projectDomain')}
          value={v.projectDomainName}
          onChange={set('projectDomainName')}
          errors={errors}
        />
        <Field
          name="regionName"
          label={t('settings.cloudForm.region')}
          value={v.regionName}
          onChange={set('regionName')}
          errors={errors}
          required={false}
        />
      </div>
      <FormEnd busy={busy} message={message} onCancel={onCancel} label={t('settings.cloudForm.addCloud')} />
    </form>
  );
}

function YamlForm({ onAdded, onCancel }: { onAdded: (a: Added) => void; onCancel: () => void }): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [cloudsYaml, setCloudsYaml] = useState('');
  const [secureYaml, setSecureYaml] = useState('');
  const [found, setFound] = useState<readonly CloudsYamlCloud[]>();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [readError, setReadError] = useState<string>();
  // Clouds that did not sign in when tested: nothing was kept, the learner decides what next.
  const [refused, setRefused] = useState<readonly CloudTrialFailure[]>([]);
  const { busy, message, submit } = useSubmit((result) => {
    if (result.added.length === 0 && result.failed.length > 0) setRefused(result.failed);
    else onAdded(result);
  });
  const [inspected, setInspected] = useState('');

  const inspect = async (clouds: string, secure: string): Promise<void> => {
    setInspected(clouds + '\0' + secure);
    setReadError(undefined);
    if (!clouds.trim()) return setFound(undefined);
    try {
      const { clouds: list } = await api.call('clouds.inspectYaml', {
        cloudsYaml: clouds,
        ...(secure.trim() ? { secureYaml: secure } : {}),
      });
      setFound(list);
      setChosen(new Set(list.filter((c) => !c.problem && !c.exists).map((c) => c.name)));
    } catch (error) {
      setFound(undefined);
      setReadError(messageOf(error));
    }
  };

  const pick = async (file: File | undefined, which: 'clouds' | 'secure'): Promise<void> => {
    if (!file) return;
    const text = await file.text();
    if (which === 'clouds') setCloudsYaml(text);
    else setSecureYaml(text);
    await inspect(which === 'clouds' ? text : cloudsYaml, which === 'secure' ? text : secureYaml);
  };

  const importChosen = (untested: boolean): void => {
    setRefused([]);
    void submit({
      kind: 'clouds-yaml',
      cloudsYaml,
      ...(secureYaml.trim() ? { secureYaml } : {}),
      names: [...chosen],
      ...(untested ? { untested } : {}),
    });
  };
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    importChosen(false);
  };
  const stale = inspected !== cloudsYaml + '\0' + secureYaml;

  return (
    <form onSubmit={onSubmit} aria-label={t('settings.addCloud.fromYaml')} noValidate>
      <div className="form-grid">
        <label htmlFor={`${id}-file`}>{t('settings.addCloud.tab.yaml')}</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".yaml,.yml,.json,text/yaml,application/json"
          onChange={(e) => void pick(e.target.files?.[0], 'clouds')}
        />
        <label htmlFor={`${id}-text`}>{t('settings.addCloud.orPaste')}</label>
        <textarea
          id={`${id}-text`}
          value={cloudsYaml}
          spellCheck={false}
          onChange={(e) => setCloudsYaml(e.target.value)}
          onBlur={() => stale && void inspect(cloudsYaml, secureYaml)}
          placeholder={CLOUDS_YAML_EXAMPLE}
        />
        <label htmlFor={`${id}-secure-file`}>{t('settings.addCloud.secureFile')}</label>
        <div>
          <input
            id={`${id}-secure-file`}
            type="file"
            accept=".yaml,.yml,.json"
            onChange={(e) => void pick(e.target.files?.[0], 'secure')}
          />
          <p className="field-hint">{t('settings.addCloud.secureHint')}</p>
        </div>
        <label htmlFor={`${id}-secure-text`}>{t('settings.addCloud.orPasteSecure')}</label>
        <textarea
          id={`${id}-secure-text`}
          value={secureYaml}
          spellCheck={false}
          onChange={(e) => setSecureYaml(e.target.value)}
          onBlur={() => stale && void inspect(cloudsYaml, secureYaml)}
        />
      </div>
      <div className="form-actions">
        <button type="button" disabled={!cloudsYaml.trim()} onClick={() => void inspect(cloudsYaml, secureYaml)}>
          {t('settings.addCloud.findClouds')}
        </button>
      </div>
      {readError && (
        <p className="field-error" role="alert">
          {readError}
        </p>
      )}
      {found && found.length === 0 && <p>{t('settings.addCloud.noCloud')}</p>}
      {found && found.length > 0 && (
        <fieldset>
          <legend>{t('settings.addCloud.toImport')}</legend>
          <ul className="yaml-clouds">
            {found.map((c) => (
              <li key={c.name}>
                <label className="radio">
                  <input
                    type="checkbox"
                    checked={chosen.has(c.name)}
                    disabled={Boolean(c.problem) || c.exists}
                    onChange={(e) =>
                      setChosen((old) => {
                        const next = new Set(old);
                        if (e.target.checked) next.add(c.name);
                        else next.delete(c.name);
                        return next;
                      })
                    }
                  />
                  {c.name}
                  {c.authUrl && <span className="cloud-meta"> — {c.authUrl}</span>}
                  {c.exists && <span className="badge">{t('settings.addCloud.alreadyAdded')}</span>}
                </label>
                {c.problem && <p className="cloud-problem">{c.problem}</p>}
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
      {refused.length > 0 && !stale && (
        <div className="check-result check-failed" role="alert" aria-label={t('settings.addCloud.notImported')}>
          <strong>{t('settings.addCloud.didNotSignIn', { names: refused.map((f) => f.name).join(', ') })}</strong>
          <ul>
            {refused.map((f) => (
              <li key={f.name}>{f.message}</li>
            ))}
          </ul>
          <p>{t('settings.addCloud.fixAndRetry')}</p>
          <button type="button" disabled={busy} onClick={() => importChosen(true)}>
            {t('settings.addCloud.importUntested')}
          </button>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy || chosen.size === 0 || stale}>
          {busy ? t('settings.addCloud.importing') : t('settings.addCloud.import', { count: chosen.size })}
        </button>
        <button type="button" onClick={onCancel}>
          {t('settings.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Adding a cloud: import a clouds.yaml, or enter an application credential or a password login. */
export function AddCloudDialog({ onAdded, onCancel }: { onAdded: (added: Added) => void; onCancel: () => void }): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [tab, setTab] = useState<Tab>('yaml');
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  // Keyboard and screen-reader users land in the dialog they just opened.
  useEffect(() => tabRefs.current.yaml?.focus(), []);
  const move = (delta: number): void => {
    const next = TABS[(TABS.findIndex((candidate) => candidate.id === tab) + delta + TABS.length) % TABS.length]!.id;
    setTab(next);
    tabRefs.current[next]?.focus();
  };
  return (
    <div
      className="add-cloud"
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <div className="add-cloud-head">
        <h3 id={`${id}-title`}>{t('settings.addCloud.title')}</h3>
      </div>
      <div className="tabs" role="tablist" aria-label={t('settings.addCloud.how')}>
        {TABS.map((choice) => (
          <button
            key={choice.id}
            ref={(el) => {
              tabRefs.current[choice.id] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${choice.id}`}
            aria-selected={tab === choice.id}
            aria-controls={`${id}-panel`}
            tabIndex={tab === choice.id ? 0 : -1}
            onClick={() => setTab(choice.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(1);
              if (e.key === 'ArrowLeft') move(-1);
            }}
          >
            {t(choice.label)}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tab}`}>
        {tab === 'yaml' && <YamlForm onAdded={onAdded} onCancel={onCancel} />}
        {tab === 'app-credential' && <AppCredentialForm onAdded={onAdded} onCancel={onCancel} />}
        {tab === 'password' && <PasswordForm onAdded={onAdded} onCancel={onCancel} />}
      </div>
    </div>
  );
}
