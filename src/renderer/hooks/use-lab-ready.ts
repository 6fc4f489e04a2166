import { useState } from 'react';
import type { LabView } from '../../shared/labs';
import { isLabUp } from '../lab/lab-wait';
import { useLabView } from '../lab/use-lab-view';

/**
 * The course's lab, and whether it has been up and ready while this screen showed it. Sticky: once
 * ready, the Lab tabs stay to report a suspended lab (and offer Resume) rather than vanish.
 */
export function useLabReady(courseId: string): { readonly labReady: boolean; readonly view: LabView | undefined } {
  const { view } = useLabView(courseId);
  // Keyed by course in LabScreen: a new course starts from fresh state.
  const [wasReady, setWasReady] = useState(false);
  const up = isLabUp(view);
  if (up && !wasReady) setWasReady(true);
  return { labReady: up || wasReady, view };
}
