import type { ReactNode } from 'react';

/** Tabs over a course's connections of one kind; nothing when there is only one. */
export function ConnectionTabs({ label, names, shown, onShow }: { label: string; names: readonly string[]; shown: string; onShow: (name: string) => void }): ReactNode {
  if (names.length < 2) return null;
  return (
    <div role="tablist" aria-label={label} className="session-tabs tabs">
      {names.map((name) => (
        <button key={name} role="tab" type="button" aria-selected={name === shown} onClick={() => onShow(name)}>
          {name}
        </button>
      ))}
    </div>
  );
}
