import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request handler (a Yoga or Hive Gateway instance) listening on an ephemeral port of 127.0.0.1. */
export interface Served {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/** For tests of the network itself: a browser, other services, a spec audit. Others use `yoga.fetch`. */
export async function serve(handler: RequestListener): Promise<Served> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
