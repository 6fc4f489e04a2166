import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput, CloudEntry, CloudListing } from '../../shared/contract';
import { CredentialFields, Field, FormEnd, useCloudCall } from './CloudFormFields';

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
  const { t } = useTranslation();
  const isCredential = cloud.kind === 'app-credential';
  const [v, setV] = useState({
    username: cloud.user ?? '',
    projectName: cloud.project ?? '',
    password: '',
    applicationCredentialId: '',
    applicationCredentialSecret: '',
  });
  const { busy, errors, message, submit } = useCloudCall('clouds.update', onSaved);
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

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    void submit(input());
  };

  return (
    <form
      className="edit-cloud"
      onSubmit={onSubmit}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      aria-label={t('settings.clouds.changeLoginNamed', { name: cloud.name })}
      noValidate
    >
      <p className="field-hint">
        {isCredential ? t('settings.cloudForm.newCredential') : t('settings.cloudForm.newPassword')}{' '}
        {t('settings.cloudForm.signsInFirst', { name: cloud.name })}
      </p>
      <div className="form-grid">
        {isCredential ? (
          <CredentialFields values={v} set={set} errors={errors} />
        ) : (
          <>
            <Field name="username" label={t('settings.cloudForm.userName')} value={v.username} onChange={set('username')} errors={errors} />
            <Field
              name="password"
              label={t('settings.cloudForm.newPasswordField')}
              type="password"
              value={v.password}
              onChange={set('password')}
              errors={errors}
            />
            <Field
              name="projectName"
              label={t('settings.cloudForm.project')}
              value={v.projectName}
              onChange={set('projectName')}
              errors={errors}
            />
          </>
        )}
      </div>
      <FormEnd
        busy={busy}
        message={message}
        onCancel={onCancel}
        label={t('settings.cloudForm.saveLogin')}
        busyLabel={t('settings.cloudForm.signingIn')}
      />
    </form>
  );
}
