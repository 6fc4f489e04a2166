import type { WebSocket } from 'ws';
import { ClientFrame, type ServerFrame } from '../shared/contract';
import type { AppContext } from '../core/app/app-context';
import { dispatch } from '../core/api/dispatch';
import type { Logger } from '../core/log/logger';

/** One browser tab: JSON call frames in, results and events out. */
export function attachSocket(ws: WebSocket, context: AppContext, logger: Logger): void {
  const handlers = context.handlers();
  const send = (frame: ServerFrame): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
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
    void dispatch(handlers, frame.call, frame.input, logger).then((result) => send({ id: frame.id, result }));
  });
  ws.on('close', unsubscribe);
  ws.on('error', (error) => logger.warn('websocket error', { error: error.message }));
}
