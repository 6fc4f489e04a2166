import { englishMessage, type MessageRef } from '../../shared/i18n/message';

/**
 * Where a launch is. On launch_timeout it decides what to clean up (a stack being created is
 * deleted, one being resumed is suspended again) and says where the launch stopped.
 */
export type LaunchPhase =
  | { readonly step: 'looking-up' }
  | { readonly step: 'creating' }
  | { readonly step: 'waiting-out'; readonly action: string }
  | { readonly step: 'resuming' }
  | { readonly step: 'removing-failed' }
  | { readonly step: 'awaiting-answer' };

/** The phase in words, for the learner ("…not ready within launch_timeout (while creating the stack)"). */
export function launchPhaseMessage(phase: LaunchPhase): MessageRef {
  switch (phase.step) {
    case 'looking-up':
      return { key: 'lab.phase.lookingUp' };
    case 'creating':
      return { key: 'lab.phase.creating' };
    case 'waiting-out':
      return { key: 'lab.phase.waitingOut', params: { action: phase.action.toLowerCase() } };
    case 'resuming':
      return { key: 'lab.phase.resuming' };
    case 'removing-failed':
      return { key: 'lab.phase.removingFailed' };
    case 'awaiting-answer':
      return { key: 'lab.phase.awaitingAnswer' };
  }
}

/** The same in English, for the lab's record and the log. */
export const describeLaunchPhase = (phase: LaunchPhase): string => englishMessage(launchPhaseMessage(phase));
