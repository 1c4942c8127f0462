/**
 * The zeromq bindings tslab ships (`zeromq` 6 is a dependency of tslab, not of skygate), loaded from tslab's
 * own location so it works however npm lays out node_modules. Resolved from a folder, not `import.meta` (src
 * must stay loadable by tslab's CommonJS compiler).
 */
import { createRequire } from "node:module";
import { join } from "node:path";

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

/** Raised when tslab or its zeromq cannot be loaded: the notebook runner needs both (optional dependencies). */
export class MissingKernelPackages extends Error {
  constructor(detail: string) {
    super(
      `running notebooks needs the optional packages tslab and zeromq (npm install --save-dev tslab; zeromq comes with it): ${detail}`,
    );
    this.name = "MissingKernelPackages";
  }
}

/**
 * Path of tslab's package.json as seen from `from` (a folder), then from the current directory.
 * @example resolveTslab().endsWith("tslab/package.json") // true
 */
export function resolveTslab(from: string = process.cwd()): string {
  for (const base of [from, process.cwd()]) {
    try {
      return createRequire(join(base, "package.json")).resolve("tslab/package.json");
    } catch {
      // try the next base
    }
  }
  throw new MissingKernelPackages(`tslab not found from ${from}`);
}

/**
 * zeromq as resolved from tslab's package folder (tslab looked up from `from`).
 * @example typeof loadZmq().Dealer // "function"
 */
export function loadZmq(from: string = process.cwd()): ZmqModule {
  const tslabPackage = resolveTslab(from);
  try {
    return createRequire(tslabPackage)("zeromq") as ZmqModule;
  } catch (error) {
    throw new MissingKernelPackages(`zeromq not loadable from ${tslabPackage}: ${(error as Error).message}`);
  }
}
