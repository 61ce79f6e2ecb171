import { Client, errors as undiciErrors, type Dispatcher } from 'undici';

/**
 * The connections to RCI: up to `max` undici clients of one request at a time each, the idle ones kept
 * on a stack. undici's own pool finds a free connection by walking its connections from the first on
 * every request: with hundreds busy (a cold page under load) that walk was a measurable part of each
 * call. Here a request takes the connection freed last, at once.
 *
 * The scheduler (scheduler.ts) hands out no more calls than there are connections, yet a call may find
 * none idle: a call given up (cancelled, timed out) frees its slot at once, while its connection is free
 * only once undici has ended the request on it. Such a call waits here, and is sent on the first
 * connection that comes free, unless it was given up meanwhile.
 */
export class Connections {
  private readonly all: Connection[] = [];
  private readonly idle: Connection[] = [];
  /** Requests that found no connection idle, in the order they came. */
  private readonly waiting: { options: Dispatcher.DispatchOptions; handler: ConnectionHandler }[] = [];
  private closed = false;

  constructor(
    private readonly origin: string,
    private readonly max: number,
    private readonly options: Client.Options,
  ) {}

  /** Sends a request on an idle connection, or on the first one to come free. */
  dispatch(options: Dispatcher.DispatchOptions, handler: ConnectionHandler): void {
    if (this.closed) {
      handler.refused(new undiciErrors.ClientClosedError());
      return;
    }
    const connection = this.idle.pop() ?? this.open();
    if (connection) this.send(connection, options, handler);
    else this.waiting.push({ options, handler });
  }

  /**
   * A connection for a request undici's own API makes (`request`), which the caller gives back with
   * `release` once it has ended: an idle one, or, with none idle, one of the busy ones.
   */
  take(): Connection {
    const connection = this.idle.pop() ?? this.open() ?? this.all[0];
    connection.requests++;
    return connection;
  }

  /** One request on `connection` ended (answered, failed or aborted): the connection takes the next. */
  release(connection: Connection): void {
    if (--connection.requests > 0) return;
    let next = this.waiting.shift();
    // One given up while it waited is never sent: undici would open a new connection to drop it.
    while (next?.handler.givenUp) next = this.waiting.shift();
    if (next) this.send(connection, next.options, next.handler);
    else if (!this.closed) this.idle.push(connection);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.idle.length = 0;
    for (const { handler } of this.waiting.splice(0)) handler.refused(new undiciErrors.ClientClosedError());
    await Promise.all(this.all.splice(0).map((connection) => connection.client.close()));
  }

  private open(): Connection | undefined {
    if (this.all.length >= this.max) return undefined;
    const connection = new Connection(new Client(this.origin, this.options));
    this.all.push(connection);
    return connection;
  }

  private send(connection: Connection, options: Dispatcher.DispatchOptions, handler: ConnectionHandler): void {
    connection.requests++;
    handler.connection = connection;
    // undici answers a request it refuses (a closed client, bad options) through the handler's onError.
    connection.client.dispatch(options, handler);
  }
}

/** One undici client (one socket at a time) and how many requests handed to it have not ended. */
export class Connection {
  requests = 0;
  constructor(readonly client: Client) {}
}

/**
 * A request's handler: told the connection it is sent on, and bound to give it back (`release`) once
 * undici has ended the request, by `onComplete` or `onError`.
 */
export interface ConnectionHandler extends Dispatcher.DispatchHandler {
  connection?: Connection;
  /** The request was never sent: the connections were closed first. */
  refused(error: Error): void;
  /** Whether its caller no longer waits for it: while it waits for a connection, it is then dropped. */
  readonly givenUp: boolean;
}
