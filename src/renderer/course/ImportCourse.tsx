import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/contract/api-error';
import { useApi } from '../api/api-context';
import { BUNDLE_ACCEPT, MAX_UPLOAD_BYTES, isBundleName, toBase64 } from './bytes';

export interface ImportOutcome {
  readonly kind: 'ok' | 'error' | 'older';
  readonly text: string;
  readonly file?: File;
}

/** Sends a bundle file to the app; an equal or older version is refused unless forced. */
export function useCourseImport(onImported: () => void) {
  const api = useApi();
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome>();

  const importFile = async (file: File, force = false): Promise<void> => {
    if (!isBundleName(file.name)) {
      setOutcome({ kind: 'error', text: t('course.import.notBundle', { name: file.name }) });
      return;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      setOutcome({ kind: 'error', text: t('course.import.tooLarge', { name: file.name }) });
      return;
    }
    setBusy(true);
    setOutcome(undefined);
    try {
      const base64 = toBase64(new Uint8Array(await file.arrayBuffer()));
      const result = await api.call('course.importBytes', { fileName: file.name, base64, force });
      const lines: string[] = [result, ...(result.more ?? [])].map((r) => {
        const named = { title: r.course.title, version: r.course.version };
        return r.previousVersion
          ? t('course.import.importedReplacing', { ...named, previous: r.previousVersion })
          : t('course.import.imported', named);
      });
      // An Open edX export: what its conversion ignored or cannot show.
      if (result.notes?.length) lines.push('', t('course.import.edxNotes'), ...result.notes.map((n) => `• ${n}`));
      setOutcome({ kind: 'ok', text: lines.join('\n') });
      onImported();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setOutcome({ kind: error instanceof ApiError && error.code === 'conflict' ? 'older' : 'error', text: message, file });
    } finally {
      setBusy(false);
    }
  };
  return { busy, outcome, importFile };
}

/** The import button of the Courses header (the outcome shows below the header: see ImportOutcome). */
export function ImportCourse({ busy, importFile }: Pick<ReturnType<typeof useCourseImport>, 'busy' | 'importFile'>): ReactNode {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="import">
      <input
        ref={input}
        type="file"
        accept={BUNDLE_ACCEPT}
        hidden
        aria-label={t('course.import.fileLabel')}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void importFile(file);
          event.target.value = '';
        }}
      />
      <button type="button" className="button-primary" disabled={busy} onClick={() => input.current?.click()}>
        {busy ? t('course.import.busy') : t('course.import.button')}
      </button>
    </div>
  );
}

/** What the last import did, under the header: a long error never pushes the header's controls around. */
export function ImportOutcome({ outcome, importFile }: Pick<ReturnType<typeof useCourseImport>, 'outcome' | 'importFile'>): ReactNode {
  const { t } = useTranslation();
  if (!outcome) return null;
  return (
    <div
      className={`banner import-outcome ${outcome.kind === 'ok' ? 'banner-ok' : outcome.kind === 'older' ? 'banner-warn' : 'banner-error'}`}
      role={outcome.kind === 'ok' ? 'status' : 'alert'}
    >
      <pre className="import-message">{outcome.text}</pre>
      {outcome.kind === 'older' && outcome.file && (
        <button type="button" onClick={() => void importFile(outcome.file!, true)}>
          {t('course.import.anyway')}
        </button>
      )}
    </div>
  );
}
