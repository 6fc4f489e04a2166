import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { CallOutput, CloudTrialFailure, CloudsYamlCloud } from '../../shared/contract';
import { useApi } from '../api/api-context';
import { CredentialFields, Field, FormEnd, useCloudCall } from './CloudFormFields';
import { messageOf } from './use-clouds';

type Tab = 'yaml' | 'app-credential' | 'password';
const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'yaml', label: 'clouds.yaml file' },
  { id: 'app-credential', label: 'Application credential' },
  { id: 'password', label: 'Password' },
];

type Added = CallOutput<'clouds.add'>;
const useSubmit = (onAdded: (added: Added) => void) => useCloudCall('clouds.add', onAdded);

function AppCredentialForm({ onAdded, onCancel }: { onAdded: (a: Added) => void; onCancel: () => void }): ReactNode {
  const [v, setV] = useState({ name: '', authUrl: '', applicationCredentialId: '', applicationCredentialSecret: '', regionName: '' });
  const { busy, errors, message, submit } = useSubmit(onAdded);
  const set = (key: keyof typeof v) => (value: string) => setV((old) => ({ ...old, [key]: value }));
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    void submit({ kind: 'app-credential', ...v, regionName: v.regionName.trim() || undefined });
  };
  return (
    <form onSubmit={onSubmit} aria-label="Add a cloud with an application credential" noValidate>
      <div className="form-grid">
        <Field
          name="name"
          label="Name"
          value={v.name}
          onChange={set('name')}
          errors={errors}
          hint="How the cloud is called in Lab Console, e.g. school."
        />
        <Field
          name="authUrl"
          label="Auth URL"
          type="url"
          value={v.authUrl}
          onChange={set('authUrl')}
          errors={errors}
          placeholder="https://keystone.example.org:5000/v3"
        />
        <CredentialFields values={v} set={set} errors={errors} secretHint="Kept in the app's secret store, never in the settings file." />
        <Field
          name="regionName"
          label="Region"
          value={v.regionName}
          onChange={set('regionName')}
          errors={errors}
          required={false}
          hint="Optional; leave empty when the cloud has one region."
        />
      </div>
      <FormEnd busy={busy} message={message} onCancel={onCancel} label="Add cloud" />
    </form>
  );
}

function PasswordForm({ onAdded, onCancel }: { onAdded: (a: Added) => void; onCancel: () => void }): ReactNode {
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
    <form onSubmit={onSubmit} aria-label="Add a cloud with a password" noValidate>
      <div className="form-grid">
        <Field name="name" label="Name" value={v.name} onChange={set('name')} errors={errors} />
        <Field
          name="authUrl"
          label="Auth URL"
          type="url"
          value={v.authUrl}
          onChange={set('authUrl')}
          errors={errors}
          placeholder="https://keystone.example.org:5000/v3"
        />
        <Field name="username" label="User name" value={v.username} onChange={set('username')} errors={errors} />
        <Field
          name="password"
          label="Password"
          type="password"
          value={v.password}
          onChange={set('password')}
          errors={errors}
          hint="Kept in the app's secret store, never in the settings file."
        />
        <Field name="projectName" label="Project" value={v.projectName} onChange={set('projectName')} errors={errors} />
        <Field name="userDomainName" label="User domain" value={v.userDomainName} onChange={set('userDomainName')} errors={errors} />
        <Field
          name="projectDomainName"
          label="Project domain"
          value={v.projectDomainName}
          onChange={set('projectDomainName')}
          errors={errors}
        />
        <Field name="regionName" label="Region" value={v.regionName} onChange={set('regionName')} errors={errors} required={false} />
      </div>
      <FormEnd busy={busy} message={message} onCancel={onCancel} label="Add cloud" />
    </form>
  );
}

function YamlForm({ onAdded, onCancel }: { onAdded: (a: Added) => void; onCancel: () => void }): ReactNode {
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
    <form onSubmit={onSubmit} aria-label="Import clouds from a clouds.yaml" noValidate>
      <div className="form-grid">
        <label htmlFor={`${id}-file`}>clouds.yaml file</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".yaml,.yml,.json,text/yaml,application/json"
          onChange={(e) => void pick(e.target.files?.[0], 'clouds')}
        />
        <label htmlFor={`${id}-text`}>or paste it</label>
        <textarea
          id={`${id}-text`}
          value={cloudsYaml}
          spellCheck={false}
          onChange={(e) => setCloudsYaml(e.target.value)}
          onBlur={() => stale && void inspect(cloudsYaml, secureYaml)}
          placeholder={'clouds:\n  school:\n    auth:\n      auth_url: https://…'}
        />
        <label htmlFor={`${id}-secure-file`}>secure.yaml file</label>
        <div>
          <input
            id={`${id}-secure-file`}
            type="file"
            accept=".yaml,.yml,.json"
            onChange={(e) => void pick(e.target.files?.[0], 'secure')}
          />
          <p className="field-hint">Optional: only when the passwords or secrets are kept in a separate secure.yaml.</p>
        </div>
        <label htmlFor={`${id}-secure-text`}>or paste secure.yaml</label>
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
          Find clouds
        </button>
      </div>
      {readError && (
        <p className="field-error" role="alert">
          {readError}
        </p>
      )}
      {found && found.length === 0 && <p>This file defines no cloud.</p>}
      {found && found.length > 0 && (
        <fieldset>
          <legend>Clouds to import</legend>
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
                  {c.exists && <span className="badge">already added</span>}
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
        <div className="check-result check-failed" role="alert" aria-label="Clouds not imported">
          <strong>Not imported: {refused.map((f) => f.name).join(', ')} did not sign in.</strong>
          <ul>
            {refused.map((f) => (
              <li key={f.name}>{f.message}</li>
            ))}
          </ul>
          <p>
            Fix the password or secret in the file and import again. A cloud that answers only from another network (a school VPN) can be
            imported without the test; labs on it fail until it signs in.
          </p>
          <button type="button" disabled={busy} onClick={() => importChosen(true)}>
            Import without testing
          </button>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy || chosen.size === 0 || stale}>
          {busy ? 'Importing…' : chosen.size > 1 ? `Import ${chosen.size} clouds` : 'Import cloud'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Adding a cloud: import a clouds.yaml, or enter an application credential or a password login. */
export function AddCloudDialog({ onAdded, onCancel }: { onAdded: (added: Added) => void; onCancel: () => void }): ReactNode {
  const id = useId();
  const [tab, setTab] = useState<Tab>('yaml');
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  // Keyboard and screen-reader users land in the dialog they just opened.
  useEffect(() => tabRefs.current.yaml?.focus(), []);
  const move = (delta: number): void => {
    const next = TABS[(TABS.findIndex((t) => t.id === tab) + delta + TABS.length) % TABS.length]!.id;
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
        <h3 id={`${id}-title`}>Add a cloud</h3>
      </div>
      <div className="tabs" role="tablist" aria-label="How to add the cloud">
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${id}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(1);
              if (e.key === 'ArrowLeft') move(-1);
            }}
          >
            {t.label}
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
