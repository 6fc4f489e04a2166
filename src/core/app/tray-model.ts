import type { LabStatus } from '../../shared/labs/lab-status';

/** What the desktop tray menu holds, built from the labs as they stand; the Electron shell only draws it. */
export type TrayItem =
  | { readonly kind: 'lab'; readonly courseId: string; readonly label: string }
  | { readonly kind: 'suspendAll'; readonly label: string; readonly enabled: boolean }
  | { readonly kind: 'show'; readonly label: string }
  | { readonly kind: 'quit'; readonly label: string }
  | { readonly kind: 'separator' };

export interface TrayModel {
  /** The tray icon's tooltip: how many labs run (and cost money) now. */
  readonly tooltip: string;
  readonly items: readonly TrayItem[];
}

function stateWords(lab: LabStatus): string {
  if (lab.group === 'up') return lab.ready ? 'running' : 'starting';
  if (lab.group === 'failed') return 'failed';
  if (lab.state === 'SUSPEND_COMPLETE') return 'suspended';
  if (lab.group === 'pending')
    return lab.state.startsWith('SUSPEND') ? 'suspending' : lab.state.startsWith('DELETE') ? 'deleting' : 'starting';
  return 'stopped';
}

/** Labs that run or are on their way: what the tray lists and what "Suspend all" acts on. */
const active = (lab: LabStatus): boolean => lab.group === 'up' || lab.group === 'pending';

export function trayModel(labs: readonly LabStatus[]): TrayModel {
  const shown = labs.filter(active).sort((a, b) => a.courseId.localeCompare(b.courseId));
  const running = shown.filter((lab) => lab.group === 'up').length;
  return {
    tooltip: running === 0 ? 'Lab Console — no lab running' : `Lab Console — ${running} lab${running === 1 ? '' : 's'} running`,
    items: [
      ...shown.map((lab): TrayItem => ({ kind: 'lab', courseId: lab.courseId, label: `${lab.courseId} — ${stateWords(lab)}` })),
      ...(shown.length === 0 ? [] : [{ kind: 'separator' } as const]),
      { kind: 'suspendAll', label: 'Suspend all labs', enabled: running > 0 },
      { kind: 'show', label: 'Show Lab Console' },
      { kind: 'separator' },
      { kind: 'quit', label: running > 0 ? 'Quit (suspends running labs)' : 'Quit' },
    ],
  };
}

/**
 * What closing the window does: with labs running (and so costing money until their idle timeout),
 * the app stays in the tray so they keep their idle rules and the learner can still suspend them —
 * explained the first time; without running labs, or with the setting off, it quits (which suspends).
 */
export function closeAction(options: {
  runningLabs: number;
  closeToTray: boolean;
  explained: boolean;
}): 'quit' | 'hide' | 'hide-and-explain' {
  if (!options.closeToTray || options.runningLabs === 0) return 'quit';
  return options.explained ? 'hide' : 'hide-and-explain';
}
