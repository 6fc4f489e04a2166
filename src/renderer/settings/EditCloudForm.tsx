import { useState, type FormEvent, type ReactNode } from 'react';
import type { CallInput, CloudEntry, CloudListing } from '../../shared/contract';
import { useApi } from '../api/api-context';
import { Field, FormEnd, splitError, type FieldErrors } from './CloudFormFields';

/**
 * A new login for a cloud added in the app, in place: a rotated password or a new application
 * credential. The app signs in with it first; until it works, the cloud keeps its old login.
 */
export function EditCloudForm({
  cloud,
  onSaved,
  onCancel,
}: {
  cloud: CloudEntry;
  onSaved: (listing: CloudListing) => void;
  onCancel: () => void;
}): ReactNode {
  const api = useApi();
  const isCredential = cloud.kind === 'app-credential';
  const [v, setV] = useState({
    username: cloud.user ?? '',
    projectName: cloud.project ?? '',
    password: '',
    applicationCredentialId: '',
    applicationCredentialSecret: '',
  });
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string>();
  const set = (key: keyof typeof v) => (value: string) => setV((old) => ({ ...old, [key]: value }));

  const input = (): CallInput<'clouds.update'> => {
    if (isCredential) {
      return {
        kind: 'app-credential',
        name: cloud.name,
        applicationCredentialId: v.applicationCredentialId,
        applicationCredentialSecret: v.applicationCredentialSecret,
      };
    }
    // Only what the learner changed: the user and project may be kept as ids the list shows as is.
    const username = v.username.trim();
    const projectName = v.projectName.trim();
    return {
      kind: 'password',
      name: cloud.name,
      password: v.password,
      ...(username && username !== cloud.user ? { username } : {}),
      ...(projectName && projectName !== cloud.project ? { projectName } : {}),
    };
  };

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage(undefined);
    try {
      onSaved(await api.call('clouds.update', input()));
    } catch (error) {
      const split = splitError(error);
      setErrors(split.fields);
      setMessage(split.message ?? 'Some fields need fixing.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="edit-cloud"
      onSubmit={(e) => void onSubmit(e)}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      aria-label={`Change the login of ${cloud.name}`}
      noValidate
    >
      <p className="field-hint">
        {isCredential ? 'Enter the new application credential. ' : 'Enter the new password (and the user or project, if they changed). '}
        Lab Console signs in with it first; until it works, {cloud.name} keeps its old login.
      </p>
      <div className="form-grid">
        {isCredential ? (
          <>
            <Field
              name="applicationCredentialId"
              label="Credential ID"
              value={v.applicationCredentialId}
              onChange={set('applicationCredentialId')}
              errors={errors}
            />
            <Field
              name="applicationCredentialSecret"
              label="Credential secret"
              type="password"
              value={v.applicationCredentialSecret}
              onChange={set('applicationCredentialSecret')}
              errors={errors}
            />
          </>
        ) : (
          <>
            <Field name="username" label="User name" value={v.username} onChange={set('username')} errors={errors} />
            <Field name="password" label="New password" type="password" value={v.password} onChange={set('password')} errors={errors} />
            <Field name="projectName" label="Project" value={v.projectName} onChange={set('projectName')} errors={errors} />
          </>
        )}
      </div>
      <FormEnd busy={busy} message={message} onCancel={onCancel} label="Save login" busyLabel="Signing in…" />
    </form>
  );
}
