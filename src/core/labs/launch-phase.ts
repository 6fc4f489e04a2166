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
export function describeLaunchPhase(phase: LaunchPhase): string {
  switch (phase.step) {
    case 'looking-up':
      return 'looking up the stack';
    case 'creating':
      return 'creating the stack';
    case 'waiting-out':
      return `waiting for ${phase.action.toLowerCase()} to finish`;
    case 'resuming':
      return 'resuming the stack';
    case 'removing-failed':
      return 'removing a failed stack';
    case 'awaiting-answer':
      return 'waiting for the lab to answer';
  }
}
