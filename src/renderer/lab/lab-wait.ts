import { labJobWords, type LabView, type LabWords } from '../../shared/labs';
import { isBusy } from './lab-badge';

/**
 * What every panel of the Lab screen says while the lab is on its way somewhere (Starting…,
 * Resuming…, Suspending…, Deleting…): the badge's own words, so no panel claims "not launched" or
 * "suspended" while the badge says it is resuming.
 */
export function labUnderWay(view: LabView | undefined): LabWords | undefined {
  const job = view?.activity ?? null;
  return isBusy(job) ? labJobWords(job.type, view?.lab?.state) : undefined;
}

export function isLabUp(view: LabView | undefined): boolean {
  return view?.lab?.group === 'up' && view.lab.ready;
}
