import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of the simulator that holds the requests a test names until it lets them
 * through: the test decides when an RCI call answers, so "sent before that call finished" is a fact,
 * not a race. A held request the gateway gives up on (it aborts the call) is seen closing here and is
 * never forwarded.
 */
export interface Gate {
  /** The RCI base URL to give the gateway instead of the simulator's. */
  url: string;
  /** Holds every request whose path (below the RCI base, without the query) matches, until `release`. */
  hold(path: RegExp): void;
  /** Forwards the requests held so far and stops holding. */
  release(): void;
  /** Resolves once `count` requests are being held. */
  whenHeld(count: number): Promise<void>;
  /** Resolves once `count` held requests were closed by the gateway before being released. */
  whenAbandoned(count: number): Promise<void>;
  /** Every request that reached the gate, as `METHOD /path?query`, in arrival order. */
  arrivals: string[];
  close(): Promise<void>;
}

export async function startGate(simulatorUrl: string): Promise<Gate> {
  const target = new URL(simulatorUrl);
  const base = target.pathname;
  let holding: RegExp | undefined;
  let held: { forward: () => void; closed: boolean }[] = [];
  let abandoned = 0;
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (done() ? resolve() : waiters.push(check));
      check();
    });
  const arrivals: string[] = [];

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      arrivals.push(`${req.method} ${url.startsWith(base) ? url.slice(base.length) : url}`);
      const path = (url.startsWith(base) ? url.slice(base.length) : url).split('?')[0];
      const body = Buffer.concat(chunks);
      if (!holding?.test(path)) {
        forward(req, res, body);
        return;
      }
      const entry = { forward: () => forward(req, res, body), closed: false };
      held.push(entry);
      res.on('close', () => {
        if (entry.closed || res.writableFinished || !held.includes(entry)) return;
        entry.closed = true;
        abandoned++;
        wake();
      });
      wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${base}`,
    arrivals,
    hold(path) {
      holding = path;
    },
    release() {
      holding = undefined;
      const waiting = held;
      held = [];
      for (const entry of waiting) if (!entry.closed) entry.forward();
    },
    whenHeld: (count) => until(() => held.length >= count),
    whenAbandoned: (count) => until(() => abandoned >= count),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
