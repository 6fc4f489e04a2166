import { translator } from '../i18n/translator';
import type { SessionStatusLineProps } from './SessionStatusLine';

/** A changed certificate: both SHA-256 fingerprints, for the learner to compare or report. */
export function certificateMismatch(status: {
  readonly failure?: string;
  readonly expectedSha256?: string;
  readonly actualSha256?: string;
}): SessionStatusLineProps['mismatch'] {
  if (status.failure !== 'certificate-changed') return undefined;
  return [
    [translator.t('session.certificate.expected'), status.expectedSha256],
    [translator.t('session.certificate.received'), status.actualSha256],
  ];
}
