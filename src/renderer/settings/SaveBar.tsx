import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A settings form's Save (and Undo, while there is something to undo), and what the last save did. */
export function SaveBar(props: { label: string; canSave: boolean; onSave: () => void; onUndo?: () => void; status: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <div className="form-actions">
        <button type="button" className="button-primary" disabled={!props.canSave} onClick={props.onSave}>
          {props.label}
        </button>
        {props.onUndo && (
          <button type="button" onClick={props.onUndo}>
            {t('settings.undoChanges')}
          </button>
        )}
      </div>
      <p role="status" aria-live="polite" className="status-text">
        {props.status}
      </p>
    </>
  );
}
