import type { WebSocket } from 'ws';
import { ClientFrame, type ServerFrame } from '../shared/contract';
import type { AppContext } from '../core/app/app-context';
import { dispatch } from '../core/api/dispatch';
import type { Logger } from '../core/log/logger';
import { describeError } from './process-guard';

/** One browser tab: JSON call frames in, results and events out. */
export function attachSocket(ws: WebSocket, context: AppContext, logger: Logger): void {
  const handlers = context.handlers();
  // Events are sent from inside whatever core code emitted them: a frame that cannot be sent is logged, never thrown there.
  const send = (frame: ServerFrame): void => {
    try {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    } catch (error) {
      logger.error('websocket frame not sent', { frame: 'id' in frame ? `answer ${frame.id}` : frame.event, error: describeError(error) });
    }
  };
  const unsubscribe = context.events.subscribe((event, payload) => send({ event, payload }));

  ws.on('message', (data, isBinary) => {
    let frame: ClientFrame;
    try {
      if (isBinary) throw new Error('binary frame');
      frame = ClientFrame.parse(JSON.parse(data.toString()));
    } catch (error) {
      // A frame we cannot even attribute to a call id: answer on id 0 so a client can still see why.
      send({
        id: 0,
        result: {
          ok: false,
          error: { code: 'invalid_input', message: `Malformed frame: ${(error as Error).message.slice(0, 200)}` },
        },
      });
      return;
    }
    dispatch(handlers, frame.call, frame.input, logger)
      .then((result) => send({ id: frame.id, result }))
      .catch((error: unknown) => {
        logger.error('call failed outside its handler', { call: frame.call, error: describeError(error) });
        send({
          id: frame.id,
          result: { ok: false, error: { code: 'internal', message: 'Lab Console could not answer this call; the reason is in its log.' } },
        });
      });
  });
  ws.on('close', unsubscribe);
  ws.on('error', (error) => logger.warn('websocket error', { error: error.message }));
}
