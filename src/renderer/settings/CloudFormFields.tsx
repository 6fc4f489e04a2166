import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { translator } from '../i18n/translator';
import type { CallInput, CallOutput } from '../../shared/contract';
import { ApiError } from '../../shared/contract/api-error';
import { useApi } from '../api/api-context';
import { messageOf } from './use-clouds';

export type FieldErrors = Record<string, string>;

/** Field problems of an invalid call, by field name; the rest as one sentence. */
export function splitError(error: unknown): { fields: FieldErrors; message?: string } {
  if (error instanceof ApiError && error.code === 'invalid_input' && error.issues?.length) {
    const fields: FieldErrors = {};
    for (const issue of error.issues) fields[issue.path.split('.').pop() ?? issue.path] ??= issue.message;
    return { fields };
  }
  return { fields: {}, message: messageOf(error) };
}

/** Sends a cloud form's call: busy while it runs, then its field problems by name or one sentence. */
export function useCloudCall<K extends 'clouds.add' | 'clouds.update' | 'clouds.setRates'>(
  name: K,
  onDone: (output: CallOutput<K>) => void,
) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string>();
  const submit = async (input: CallInput<K>): Promise<void> => {
    setBusy(true);
    setErrors({});
    setMessage(undefined);
    try {
      onDone(await api.call(name, input));
    } catch (error) {
      const split = splitError(error);
      setErrors(split.fields);
      setMessage(split.message ?? translator.t('settings.cloudForm.fixFields'));
    } finally {
      setBusy(false);
    }
  };
  return { busy, errors, message, submit };
}

export interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly errors: FieldErrors;
  readonly type?: 'text' | 'password' | 'url';
  readonly hint?: string;
  readonly required?: boolean;
  readonly placeholder?: string;
}

export function Field({ name, label, value, onChange, errors, type = 'text', hint, required = true, placeholder }: FieldProps): ReactNode {
  const id = `${useId()}-${name}`;
  const error = errors[name];
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div>
        <input
          id={id}
          name={name}
          type={type}
          value={value}
          required={required}
          placeholder={placeholder}
          autoComplete={type === 'password' ? 'new-password' : 'off'}
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onChange={(e) => onChange(e.target.value)}
        />
        {hint && (
          <p className="field-hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        {error && (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
      </div>
    </>
  );
}

type CredentialKey = 'applicationCredentialId' | 'applicationCredentialSecret';

/** The two fields of an application credential, as adding a cloud and changing its login ask for it. */
export function CredentialFields({
  values,
  set,
  errors,
  secretHint,
}: {
  values: Readonly<Record<CredentialKey, string>>;
  set: (key: CredentialKey) => (value: string) => void;
  errors: FieldErrors;
  secretHint?: string;
}): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <Field
        name="applicationCredentialId"
        label={t('settings.cloudForm.credentialId')}
        value={values.applicationCredentialId}
        onChange={set('applicationCredentialId')}
        errors={errors}
      />
      <Field
        name="applicationCredentialSecret"
        label={t('settings.cloudForm.credentialSecret')}
        type="password"
        value={values.applicationCredentialSecret}
        onChange={set('applicationCredentialSecret')}
        errors={errors}
        hint={secretHint}
      />
    </>
  );
}

export function FormEnd({
  busy,
  message,
  onCancel,
  label,
  busyLabel,
}: {
  busy: boolean;
  message?: string;
  onCancel: () => void;
  label: string;
  busyLabel?: string;
}): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? (busyLabel ?? t('settings.cloudForm.adding')) : label}
        </button>
        <button type="button" onClick={onCancel}>
          {t('settings.cancel')}
        </button>
      </div>
    </>
  );
}
