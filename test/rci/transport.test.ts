import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Lifetime } from '../../src/rci/lifetime.js';
import { RciTransport, TransportFailure, type Answer, type Exchange } from '../../src/rci/transport.js';

// The wire under the RCI client, against a small real HTTP server that counts the connections made to
// it: how many connections are opened, what a request finds when none is idle, and the two headers read
// from an answer.

interface Wire {
  transport: RciTransport;
  /** Connections the server accepted. */
  opened: () => number;
  /** Most connections open at once. */
  mostOpen: () => number;
  /** Requests arrived, in order, by path. */
  arrivals: string[];
}

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});

async function wire(
  connections: number,
  answer: (req: IncomingMessage, res: ServerResponse) => void,
  maxResponseBytes = 1024,
): Promise<Wire> {
  const arrivals: string[] = [];
  const server: Server = createServer((req, res) => {
    arrivals.push(req.url ?? '');
    req.resume();
    answer(req, res);
  });
  let opened = 0;
  let open = 0;
  let mostOpen = 0;
  server.on('connection', (socket) => {
    opened++;
    mostOpen = Math.max(mostOpen, ++open);
    socket.on('close', () => open--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const transport = new RciTransport({
    origin: `http://127.0.0.1:${port}`,
    connections,
    timeoutMs: 5_000,
    maxResponseBytes,
  });
  closing.push(async () => {
    await transport.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { transport, opened: () => opened, mostOpen: () => mostOpen, arrivals };
}

const get = (path: string): Exchange => ({ method: 'GET', path, headers: { accept: 'application/json' } });

/** One exchange, its end told to a promise as the client's call is told it. */
function exchange(transport: RciTransport, request: Exchange, lifetime?: Lifetime): Promise<Answer> {
  return new Promise((answered, failed) => transport.send(request, { answered, failed }, lifetime));
}
const echo = (req: IncomingMessage, res: ServerResponse) => setTimeout(() => res.end(JSON.stringify(req.url)), 20);

describe('connections', () => {
  it('opens at most `connections`, and sends what finds none idle on the first to come free', async () => {
    const { transport, opened, mostOpen, arrivals } = await wire(2, echo);
    const paths = Array.from({ length: 10 }, (_, i) => `/items/${i}`);
    const answers = await Promise.all(paths.map((path) => exchange(transport, get(path))));
    expect(answers.map((a) => JSON.parse(a.text) as string)).toEqual(paths);
    expect(opened()).toBe(2);
    expect(mostOpen()).toBe(2);
    expect(arrivals).toEqual(paths);
  });

  it('reuses an idle connection rather than opening another', async () => {
    const { transport, opened } = await wire(8, echo);
    for (const path of ['/a', '/b', '/c']) expect((await exchange(transport, get(path))).statusCode).toBe(200);
    expect(opened()).toBe(1);
  });

  it('a request given up while it waits for a connection is never sent; the next one goes in its place', async () => {
    const { transport, mostOpen, arrivals } = await wire(1, echo);
    const first = exchange(transport, get('/first'));
    const lifetime = new Lifetime();
    const givenUp = exchange(transport, get('/given-up'), lifetime);
    const next = exchange(transport, get('/next'));
    lifetime.end();
    await expect(givenUp).rejects.toEqual(new TransportFailure('cancelled'));
    expect(JSON.parse((await first).text)).toBe('/first');
    expect(JSON.parse((await next).text)).toBe('/next');
    expect(arrivals).toEqual(['/first', '/next']);
    expect(mostOpen()).toBe(1);
  });

  it('fails what still waits for a connection when the transport is closed, and sends nothing more', async () => {
    const { transport, arrivals } = await wire(1, (_req, res) => setTimeout(() => res.end('"late"'), 200));
    const first = exchange(transport, get('/first'));
    const waiting = exchange(transport, get('/waiting'));
    const outcomes = Promise.allSettled([first, waiting]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await transport.close();
    const [, second] = await outcomes;
    expect(second.status).toBe('rejected');
    expect(arrivals).toEqual(['/first']);
  });
});

describe('headers read from an answer', () => {
  it("a 429's Retry-After, whatever the case of its name", async () => {
    const { transport } = await wire(1, (_req, res) => res.writeHead(429, { 'RETRY-AFTER': '7' }).end('slow down'));
    const answer: Answer = await exchange(transport, get('/busy'));
    expect(answer).toMatchObject({ statusCode: 429, retryAfter: '7', text: 'slow down' });
  });

  it('a Content-Length over the cap settles at once with what came, and closes the connection', async () => {
    let closed = false;
    const { transport } = await wire(
      1,
      (_req, res) => {
        res.on('close', () => (closed = true));
        // Announced long, sent short, and never finished: only the header can tell it is too long.
        res.writeHead(200, { 'Content-Length': '100000' });
        res.write('[1,');
      },
      1024,
    );
    const answer = await exchange(transport, get('/long'));
    expect(answer).toMatchObject({ statusCode: 200, truncated: true });
    await expect.poll(() => closed).toBe(true);
  });
});
