import type { Translator } from '../../shared/i18n';
import { formatMoney, type LabCostView } from '../../shared/labs/lab-rates';
import type { LabStatus } from '../../shared/labs/lab-status';
import { labStateWords } from '../../shared/labs/lab-words';

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

/** Labs that run or are on their way: what the tray lists and what "Suspend all" acts on. */
const active = (lab: LabStatus): boolean => lab.group === 'up' || lab.group === 'pending';

/** What a lab costs this hour, in its state now (learnerLabCost's `perHourNow`), in the reader's format; undefined when unpriced. */
function costThisHour(view: LabCostView | undefined, translator: Translator): string | undefined {
  const cost = view?.cost;
  if (!cost?.rate || cost.perHourNow === null) return undefined;
  return formatMoney(cost.perHourNow, cost.rate.currency, translator.language);
}

/**
 * The tray menu in the translator's language: each running or busy lab with its state and, where
 * its cost is known (`costs`, by course id), what it costs this hour.
 */
export function trayModel(
  labs: readonly LabStatus[],
  translator: Translator,
  costs: ReadonlyMap<string, LabCostView> = new Map(),
): TrayModel {
  const { t } = translator;
  const shown = labs.filter(active).sort((a, b) => a.courseId.localeCompare(b.courseId));
  const running = shown.filter((lab) => lab.group === 'up').length;
  const labItem = (lab: LabStatus): TrayItem => {
    const state = t(labStateWords({ state: lab.state, group: lab.group, ready: lab.ready }).key);
    const amount = costThisHour(costs.get(lab.courseId), translator);
    const label =
      amount === undefined
        ? t('common:tray.lab', { courseId: lab.courseId, state })
        : t('common:tray.labWithCost', { courseId: lab.courseId, state, amount });
    return { kind: 'lab', courseId: lab.courseId, label };
  };
  return {
    tooltip: running === 0 ? t('common:tray.tooltipNone') : t('common:tray.tooltip', { count: running }),
    items: [
      ...shown.map(labItem),
      ...(shown.length === 0 ? [] : [{ kind: 'separator' } as const]),
      { kind: 'suspendAll', label: t('common:tray.suspendAll'), enabled: running > 0 },
      { kind: 'show', label: t('common:tray.show') },
      { kind: 'separator' },
      { kind: 'quit', label: running > 0 ? t('common:tray.quitSuspends') : t('common:tray.quit') },
    ],
  };
}

/**
 * The cost of each lab the tray lists, asked of their clouds at once (learnerLabCost never throws:
 * a cloud that cannot be asked leaves its lab without a price).
 */
export async function trayCosts(
  labs: readonly LabStatus[],
  cost: (courseId: string) => Promise<LabCostView>,
): Promise<Map<string, LabCostView>> {
  const views = await Promise.all(labs.filter(active).map((lab) => cost(lab.courseId).catch(() => undefined)));
  return new Map(views.flatMap((view) => (view ? [[view.courseId, view] as const] : [])));
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
