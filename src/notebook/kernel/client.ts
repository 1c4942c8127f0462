/**
 * A minimal Jupyter client (messaging protocol 5.3) for the tslab kernel: start it from the repo's kernel
 * spec, run code over the shell channel, collect iopub outputs, shut it down. No Python involved.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { loadZmq, type ZmqSocket, type ZmqSubscriber } from "./zmq.js";

/** One output as nbformat 4 stores it. */
export type NotebookOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | {
      output_type: "execute_result";
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
      execution_count: number | null;
    }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

export interface ExecuteResult {
  /** The kernel's execute_reply status: anything but "ok" means the cell failed. */
  status: "ok" | "error" | "abort";
  executionCount: number | null;
  outputs: NotebookOutput[];
}

export interface KernelOptions {
  /** Kernel spec name under `<projectRoot>/.jupyter/kernels/` (default "tslab"). */
  kernelName?: string;
  /** Working directory of the kernel: the notebook's folder, as Jupyter does. */
  cwd: string;
  /** Folder holding package.json, node_modules and .jupyter (default: nearest ancestor of cwd with .jupyter). */
  projectRoot?: string;
  /** Milliseconds to wait for the kernel to answer kernel_info (default 60 s; the machine may be busy). */
  startTimeoutMs?: number;
  /** The kernel command (`{connection_file}` is replaced), instead of reading `.jupyter/kernels/<name>`. */
  argv?: readonly string[];
}

interface Message {
  header: { msg_id: string; msg_type: string };
  parent_header: { msg_id?: string };
  content: Record<string, unknown>;
}

const DELIM = "<IDS|MSG>";

/**
 * Nearest ancestor (or the folder itself) holding `.jupyter/kernels`.
 * @example findProjectRoot("/") // throws no .jupyter/kernels folder above /
 */
export function findProjectRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".jupyter", "kernels"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no .jupyter/kernels folder above ${from}`);
  }
}

/** A running kernel. Always call `shutdown()` (in a finally): it kills the process if it does not exit. */
export class KernelClient {
  private readonly session = randomUUID();
  private readonly waiters = new Map<string, (message: Message) => void>();
  private readonly iopubHandlers = new Map<string, (message: Message) => void>();
  private sendQueue: Promise<void> = Promise.resolve();
  private seenIopub = false;
  private exited = false;
  private log = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly key: string,
    private readonly shell: ZmqSocket,
    private readonly control: ZmqSocket,
    private readonly iopub: ZmqSubscriber,
    private readonly tempDir: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-8000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("exit", () => {
      this.exited = true;
    });
    this.pump(shell, (message) => this.waiters.get(message.parent_header.msg_id ?? "")?.(message));
    this.pump(control, (message) => this.waiters.get(message.parent_header.msg_id ?? "")?.(message));
    this.pump(iopub, (message) => {
      this.seenIopub = true;
      this.iopubHandlers.get(message.parent_header.msg_id ?? "")?.(message);
    });
  }

  /** Start the kernel named in the spec and wait until both shell and iopub answer. */
  static async start(options: KernelOptions): Promise<KernelClient> {
    const root = options.projectRoot ?? (options.argv ? options.cwd : findProjectRoot(options.cwd));
    const kernelName = options.kernelName ?? "tslab";
    let spec: { argv: readonly string[] };
    if (options.argv) spec = { argv: options.argv };
    else {
      const specPath = join(root, ".jupyter", "kernels", kernelName, "kernel.json");
      if (!existsSync(specPath)) throw new Error(`no kernel spec ${specPath}`);
      spec = JSON.parse(readFileSync(specPath, "utf8")) as { argv: string[] };
    }
    // Load zeromq before spawning: a missing package must not leave a kernel running.
    const zmq = loadZmq(root);

    // ipc sockets in a private folder: no port races with other processes on a shared machine.
    const tempDir = mkdtempSync(join(tmpdir(), "skygate-kernel-"));
    const key = randomBytes(32).toString("hex");
    const ports = { shell_port: 1, iopub_port: 2, stdin_port: 3, control_port: 4, hb_port: 5 };
    const connection = {
      ...ports,
      transport: "ipc",
      ip: join(tempDir, "k"),
      key,
      signature_scheme: "hmac-sha256",
    };
    const connectionFile = join(tempDir, "connection.json");
    writeFileSync(connectionFile, JSON.stringify(connection));
    const address = (port: number) => `ipc://${connection.ip}:${port}`;

    const argv = spec.argv.map((arg) => arg.replace("{connection_file}", connectionFile));
    const env = {
      ...process.env,
      PATH: `${join(root, "node_modules", ".bin")}${delimiter}${process.env.PATH ?? ""}`,
    };
    const child = spawn(argv[0], argv.slice(1), { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    const forget = () => process.removeListener("exit", killOnExit);
    child.once("exit", forget);
    child.once("error", forget);

    const shell = new zmq.Dealer();
    const control = new zmq.Dealer();
    const iopub = new zmq.Subscriber();
    for (const socket of [shell, control, iopub]) socket.linger = 0;
    iopub.subscribe();
    shell.connect(address(ports.shell_port));
    control.connect(address(ports.control_port));
    iopub.connect(address(ports.iopub_port));

    const client = new KernelClient(child, key, shell, control, iopub, tempDir);
    child.once("error", (error) => {
      client.log += `\nspawn failed: ${error.message}`;
      client.exited = true;
    });
    try {
      await client.waitReady(options.startTimeoutMs ?? 60_000, kernelName);
    } catch (error) {
      await client.shutdown();
      throw error;
    }
    return client;
  }

  /**
   * Run one cell. Resolves when the kernel has replied and gone idle; rejects on timeout (then call shutdown).
   */
  async execute(code: string, timeoutMs = 120_000): Promise<ExecuteResult> {
    const outputs: NotebookOutput[] = [];
    const msgId = randomUUID();
    let idle = false;
    let reply: Message | undefined;
    let finish: () => void = () => {};
    const done = new Promise<void>((resolveDone) => {
      finish = resolveDone;
    });
    const check = () => {
      if (idle && reply) finish();
    };
    this.iopubHandlers.set(msgId, (message) => {
      const c = message.content;
      switch (message.header.msg_type) {
        case "status":
          if (c.execution_state === "idle") {
            idle = true;
            check();
          }
          break;
        case "stream":
          appendStream(outputs, c.name === "stderr" ? "stderr" : "stdout", String(c.text ?? ""));
          break;
        case "display_data":
        case "update_display_data":
          outputs.push({
            output_type: "display_data",
            data: asRecord(c.data),
            metadata: asRecord(c.metadata),
          });
          break;
        case "execute_result":
          outputs.push({
            output_type: "execute_result",
            data: asRecord(c.data),
            metadata: asRecord(c.metadata),
            execution_count: typeof c.execution_count === "number" ? c.execution_count : null,
          });
          break;
        case "error":
          outputs.push({
            output_type: "error",
            ename: String(c.ename ?? ""),
            evalue: String(c.evalue ?? ""),
            traceback: Array.isArray(c.traceback) ? c.traceback.map(String) : [],
          });
          break;
        case "clear_output":
          outputs.length = 0;
          break;
      }
    });
    this.waiters.set(msgId, (message) => {
      reply = message;
      check();
    });
    try {
      await this.send(this.shell, "execute_request", msgId, {
        code,
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: true,
      });
      await this.until(done, timeoutMs, `cell did not finish within ${timeoutMs} ms`);
    } finally {
      this.iopubHandlers.delete(msgId);
      this.waiters.delete(msgId);
    }
    const content = (reply as Message).content;
    const status = content.status === "ok" || content.status === "abort" ? content.status : "error";
    const count = typeof content.execution_count === "number" ? content.execution_count : null;
    return { status, executionCount: count, outputs };
  }

  /** Ask the kernel to stop, then kill it if it has not exited within `graceMs`; frees sockets and files. */
  async shutdown(graceMs = 3000): Promise<void> {
    if (!this.exited) {
      const msgId = randomUUID();
      await this.until(this.send(this.control, "shutdown_request", msgId, { restart: false }), 500, "").catch(
        () => {},
      );
      const exited = new Promise<void>((resolveExit) => {
        if (this.exited) resolveExit();
        this.child.once("exit", () => resolveExit());
      });
      await this.until(exited, graceMs, "").catch(() => {
        this.child.kill("SIGKILL");
      });
      // tslab closes its sockets but keeps node alive on some paths; make sure it is gone.
      if (!this.exited) this.child.kill("SIGKILL");
    }
    for (const socket of [this.shell, this.control, this.iopub]) if (!socket.closed) socket.close();
    rmSync(this.tempDir, { recursive: true, force: true });
  }

  /** Process id of the kernel (for checks that it is gone after shutdown). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last lines the kernel process wrote to its own stdout/stderr (for error messages). */
  get processLog(): string {
    return this.log;
  }

  private async waitReady(timeoutMs: number, kernelName: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // Resend kernel_info until a reply arrives and iopub has delivered at least one message: a subscriber
    // that connects late misses messages, so outputs would be lost if we started executing earlier.
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`kernel ${kernelName} exited during start:\n${this.log}`);
      const msgId = randomUUID();
      const replied = new Promise<void>((resolveReply) => this.waiters.set(msgId, () => resolveReply()));
      await this.send(this.shell, "kernel_info_request", msgId, {});
      const ok = await this.until(replied, 1000, "").then(
        () => true,
        () => false,
      );
      this.waiters.delete(msgId);
      if (ok) {
        await sleep(100);
        if (this.seenIopub) return;
      }
    }
    throw new Error(`kernel ${kernelName} did not become ready within ${timeoutMs} ms:\n${this.log}`);
  }

  private send(socket: ZmqSocket, msgType: string, msgId: string, content: object): Promise<void> {
    const header = {
      msg_id: msgId,
      msg_type: msgType,
      session: this.session,
      username: "skygate",
      date: new Date().toISOString(),
      version: "5.3",
    };
    const parts = [JSON.stringify(header), "{}", "{}", JSON.stringify(content)];
    const signature = sign(this.key, parts);
    // zeromq allows one send in flight per socket: chain them.
    const next = this.sendQueue.then(() => socket.send([DELIM, signature, ...parts]));
    this.sendQueue = next.catch(() => {});
    return next;
  }

  private pump(socket: ZmqSocket, handle: (message: Message) => void): void {
    void (async () => {
      while (!socket.closed) {
        let frames: Buffer[];
        try {
          frames = await socket.receive();
        } catch {
          return; // socket closed
        }
        const message = this.parse(frames);
        if (message) handle(message);
      }
    })();
  }

  private parse(frames: Buffer[]): Message | undefined {
    const at = frames.findIndex((frame) => frame.toString() === DELIM);
    if (at < 0 || frames.length < at + 6) return undefined;
    const parts = frames.slice(at + 2, at + 6).map((frame) => frame.toString());
    if (frames[at + 1].toString() !== sign(this.key, parts)) return undefined; // not signed with our key
    return {
      header: JSON.parse(parts[0]),
      parent_header: JSON.parse(parts[1]),
      content: JSON.parse(parts[3]),
    };
  }

  private until<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${message}\n${this.log}`.trim())), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

function sign(key: string, parts: readonly string[]): string {
  const hmac = createHmac("sha256", key);
  for (const part of parts) hmac.update(part);
  return hmac.digest("hex");
}

function appendStream(outputs: NotebookOutput[], name: "stdout" | "stderr", text: string): void {
  const last = outputs[outputs.length - 1];
  if (last?.output_type === "stream" && last.name === name) last.text += text;
  else outputs.push({ output_type: "stream", name, text });
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}
