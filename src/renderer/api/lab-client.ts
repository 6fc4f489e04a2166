import type { CallName, CallOutput, LabApi, LabBridge } from '../../shared/contract';
import { ApiError } from '../../shared/contract/api-error';
import { translator } from '../i18n/translator';
import { readCallResult } from './app-answer';
import { errorInReadersLanguage } from './reader-language';

/**
 * The typed API over whichever bridge carries it. The app checked each answer and event against
 * the contract before sending it (see app-answer.ts); a frame that is not a call result is a clear
 * error here. A failure's sentence is shown in the reader's language here, once for every screen.
 */
export function createLabApi(bridge: LabBridge): LabApi {
  return {
    async call(name, input) {
      const result = readCallResult(await bridge.call(name, input));
      if (!result) throw new Error(translator.t('app.connection.unreadableAnswer', { call: name }));
      if (!result.ok) throw new ApiError(errorInReadersLanguage(result.error));
      return result.value as CallOutput<typeof name & CallName>;
    },
    on(name, listener) {
      return bridge.on(name, (payload) => listener(payload as Parameters<typeof listener>[0]));
    },
  };
}
