/**
 * The zeromq bindings tslab ships (`zeromq` 6 is a dependency of tslab, not of skygate), loaded from
 * tslab's own location so it works however npm lays out node_modules.
 */
import { createRequire } from "node:module";

/** The part of a zeromq 6 socket the kernel client uses. */
export interface ZmqSocket {
  connect(address: string): void;
  close(): void;
  readonly closed: boolean;
  linger: number;
  send(frames: Array<Buffer | string>): Promise<void>;
  receive(): Promise<Buffer[]>;
}

export interface ZmqSubscriber extends ZmqSocket {
  subscribe(...prefixes: string[]): void;
}

export interface ZmqModule {
  Dealer: new () => ZmqSocket;
  Subscriber: new () => ZmqSubscriber;
}

/** zeromq as resolved from tslab's package folder. */
export function loadZmq(): ZmqModule {
  const require = createRequire(import.meta.url);
  const tslabPackage = require.resolve("tslab/package.json");
  return createRequire(tslabPackage)("zeromq") as ZmqModule;
}
