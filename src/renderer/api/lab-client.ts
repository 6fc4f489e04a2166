import {
  ApiError,
  CallResult,
  calls,
  events,
  type CallName,
  type CallOutput,
  type EventName,
  type LabApi,
  type LabBridge,
} from '../../shared/contract';
import { errorInReadersLanguage } from './reader-language';

/**
 * The typed API over whichever bridge carries it. Results are checked against the contract on
 * arrival, so a mismatch shows up as a clear error instead of undefined somewhere in the UI. A
 * failure's sentence is shown in the reader's language here, once for every screen.
 */
export function createLabApi(bridge: LabBridge): LabApi {
  return {
    async call(name, input) {
      const raw = await bridge.call(name, input);
      const result = CallResult.parse(raw);
      if (!result.ok) throw new ApiError(errorInReadersLanguage(result.error));
      return calls[name as CallName].output.parse(result.value) as CallOutput<typeof name>;
    },
    on(name, listener) {
      return bridge.on(name, (payload) => {
        const parsed = events[name as EventName].safeParse(payload);
        if (parsed.success) listener(parsed.data as Parameters<typeof listener>[0]);
      });
    },
  };
}
