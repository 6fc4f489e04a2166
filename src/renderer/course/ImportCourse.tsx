import { useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../shared/contract';
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
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome>();

  const importFile = async (file: File, force = false): Promise<void> => {
    if (!isBundleName(file.name)) {
      setOutcome({ kind: 'error', text: `${file.name} is not a course bundle: choose a .zip or .tar.gz file.` });
      return;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      setOutcome({ kind: 'error', text: `${file.name} is larger than 48 MB: import it with \`lab-console course import\`.` });
      return;
    }
    setBusy(true);
    setOutcome(undefined);
    try {
      const base64 = toBase64(new Uint8Array(await file.arrayBuffer()));
      const result = await api.call('course.importBytes', { fileName: file.name, base64, force });
      const lines = [result, ...(result.more ?? [])].map((r) => {
        const replaced = r.previousVersion ? ` (replacing ${r.previousVersion}; your progress is kept)` : '';
        return `Imported “${r.course.title}” ${r.course.version}${replaced}.`;
      });
      // An Open edX export: what its conversion ignored or cannot show.
      if (result.notes?.length)
        lines.push('', 'Converted from an Open edX export, with these notes:', ...result.notes.map((n) => `• ${n}`));
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
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="import">
      <input
        ref={input}
        type="file"
        accept={BUNDLE_ACCEPT}
        hidden
        aria-label="Course bundle file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void importFile(file);
          event.target.value = '';
        }}
      />
      <button type="button" className="button-primary" disabled={busy} onClick={() => input.current?.click()}>
        {busy ? 'Importing…' : 'Import course…'}
      </button>
    </div>
  );
}

/** What the last import did, under the header: a long error never pushes the header's controls around. */
export function ImportOutcome({ outcome, importFile }: Pick<ReturnType<typeof useCourseImport>, 'outcome' | 'importFile'>): ReactNode {
  if (!outcome) return null;
  return (
    <div
      className={`banner import-outcome ${outcome.kind === 'ok' ? 'banner-ok' : outcome.kind === 'older' ? 'banner-warn' : 'banner-error'}`}
      role={outcome.kind === 'ok' ? 'status' : 'alert'}
    >
      <pre className="import-message">{outcome.text}</pre>
      {outcome.kind === 'older' && outcome.file && (
        <button type="button" onClick={() => void importFile(outcome.file!, true)}>
          Import anyway
        </button>
      )}
    </div>
  );
}
