import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Where the output goes; when omitted it is echoed to this terminal with a name prefix. */
  logFile?: string;
}

/** A child process this run started and therefore must stop. */
export class ManagedProcess {
  private exited = false;
  readonly exit: Promise<number | null>;

  constructor(readonly name: string, readonly child: ChildProcess, readonly logFile?: string) {
    this.exit = new Promise((resolve) => child.once('exit', (code) => {
      this.exited = true;
      resolve(code);
    }));
  }

  get running(): boolean {
    return !this.exited;
  }

  async stop(graceMs = 8000): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exit;
    clearTimeout(timer);
  }
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const QUIET_FIELDS = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname']);

/** A service's JSON log line as a person reads it: time, level, message, then the details. */
export function readableLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    if (typeof entry.msg !== 'string' || typeof entry.level !== 'number') return line;
    const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
    const details = Object.entries(entry).filter(([k]) => !QUIET_FIELDS.has(k)).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return `${time} ${LEVELS[entry.level] ?? entry.level} ${entry.msg}${details.length ? `  ${details.join(' ')}` : ''}`;
  } catch {
    return line;
  }
}

function prefixLines(stream: NodeJS.ReadableStream, prefix: string, out: NodeJS.WritableStream): void {
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) out.write(`${prefix} ${readableLogLine(line)}\n`);
  });
  stream.on('end', () => pending && out.write(`${prefix} ${readableLogLine(pending)}\n`));
}

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
/** A process that ran this long without exiting starts over at the first delay. */
const STABLE_MS = 60_000;

/** Keeps a process running: when it exits on its own, starts it again after a growing delay. */
export class Supervised {
  private proc: ManagedProcess;
  private stopped = false;
  private delay = FIRST_DELAY_MS;
  private timer?: NodeJS.Timeout;

  /** With `say`, a process that exits on its own is started again and the restart is said; without, it is left down. */
  constructor(private readonly start: () => ManagedProcess, private readonly say?: (message: string) => void) {
    this.proc = this.run();
  }

  get current(): ManagedProcess {
    return this.proc;
  }

  private run(): ManagedProcess {
    const proc = this.start();
    const startedAt = Date.now();
    if (this.say) {
      const say = this.say;
      void proc.exit.then((code) => {
        if (this.stopped) return;
        if (Date.now() - startedAt > STABLE_MS) this.delay = FIRST_DELAY_MS;
        say(`${proc.name} exited with code ${code}${proc.logFile ? ` (see ${proc.logFile})` : ''}; restarting it in ${this.delay / 1000}s`);
        this.timer = setTimeout(() => {
          if (this.stopped) return;
          this.proc = this.run();
          say(`${proc.name} restarted`);
        }, this.delay);
        this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
      });
    }
    return proc;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.proc.stop();
  }

  /** Starts the process again when it is not running (stopped, or died unsupervised): a test that took it down on purpose. */
  resume(): void {
    if (!this.stopped && this.proc.running) return;
    this.stopped = false;
    this.delay = FIRST_DELAY_MS;
    this.proc = this.run();
  }
}

export function startProcess(options: StartOptions): ManagedProcess {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (options.logFile) {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    const file = createWriteStream(options.logFile, { flags: 'a' });
    // Two streams into one file: neither may end it; the process's end does.
    child.stdout.pipe(file, { end: false });
    child.stderr.pipe(file, { end: false });
    child.once('close', () => file.end());
  } else {
    prefixLines(child.stdout, `[${options.name}]`, process.stdout);
    prefixLines(child.stderr, `[${options.name}]`, process.stderr);
  }
  return new ManagedProcess(options.name, child, options.logFile);
}

export async function tcpReachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const handedOut = new Set<number>();

/**
 * A port the OS says is free right now on loopback, and that this process has not handed
 * out before: several apps starting at once get their ports before any of them binds, and
 * the OS may offer a port again as soon as it is closed.
 */
// The Fetch standard's "bad ports": browsers and Node's fetch refuse to connect to them
// (`fetch failed: bad port`), so nothing a client or the console reaches may listen there.
const FETCH_REFUSED_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111,
  113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548,
  554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566,
  6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** True when browsers and fetch refuse to call this port. */
export const fetchRefuses = (port: number): boolean => FETCH_REFUSED_PORTS.has(port);

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: taken } = server.address() as net.AddressInfo;
        server.close(() => resolve(taken));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/** Polls `check` until it is true; fails with what it was waiting for and the log to read. */
export async function waitFor(what: string, check: () => Promise<boolean>, options: { timeoutMs?: number; process?: ManagedProcess } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (options.process && !options.process.running) {
      throw new Error(`${options.process.name} exited while waiting for ${what}${options.process.logFile ? `; see ${options.process.logFile}` : ''}`);
    }
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}${options.process?.logFile ? `; see ${options.process.logFile}` : ''}`);
}

export async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}
