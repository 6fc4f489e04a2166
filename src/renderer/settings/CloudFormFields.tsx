import { useId, type ReactNode } from 'react';
import { ApiError } from '../../shared/contract';
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

export function FormEnd({
  busy,
  message,
  onCancel,
  label,
  busyLabel = 'Adding…',
}: {
  busy: boolean;
  message?: string;
  onCancel: () => void;
  label: string;
  busyLabel?: string;
}): ReactNode {
  return (
    <>
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? busyLabel : label}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
