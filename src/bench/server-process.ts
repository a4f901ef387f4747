import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoStaffPassword } from '../seed/demo-identities.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A `carrel serve` child process on loopback: what a library runs, measured from outside. */
export interface ServeProcess {
  pid: number;
  /** http://127.0.0.1:PORT/api/v1 */
  apiBase: string;
  sipPort: number;
  /** Resident memory now, from /proc/<pid>/status (VmRSS). */
  rssBytes(): number;
  stop(): Promise<void>;
}

export interface ServeProcessOptions {
  /** SQLite: the folder holding carrel.db */
  dataDir?: string;
  databaseUrl?: string;
}

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

export async function startServeProcess(options: ServeProcessOptions): Promise<ServeProcess> {
  const [port, sipPort] = [await freePort(), await freePort()];
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    SIP_PORT: String(sipPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // the benchmark runs jobs itself; a node must not start them behind its back
    CARREL_SCHEDULER: 'off',
    CARREL_DATA_DIR: options.dataDir ?? process.env.CARREL_DATA_DIR ?? './data',
  };
  if (options.databaseUrl) environment.DATABASE_URL = options.databaseUrl;
  else delete environment.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(repositoryRoot, 'src/cli/main.ts'), 'serve'], {
    cwd: repositoryRoot,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`carrel serve did not start within 120 s:\n${output}`)), 120_000);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('SIP2 for self-check kiosks on port')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', listen);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`carrel serve exited with ${code}:\n${output}`));
    });
  });
  const pid = child.pid!;
  return {
    pid,
    apiBase: `http://127.0.0.1:${port}/api/v1`,
    sipPort,
    rssBytes: () => statusField(pid, 'VmRSS'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** Watches a process's resident memory every 100 ms while work runs; returns the highest seen. */
export async function peakRssDuring<T>(server: ServeProcess, work: () => Promise<T>): Promise<{ result: T; peakBytes: number }> {
  let peakBytes = server.rssBytes();
  const timer = setInterval(() => (peakBytes = Math.max(peakBytes, server.rssBytes())), 100);
  try {
    const result = await work();
    return { result, peakBytes: Math.max(peakBytes, server.rssBytes()) };
  } finally {
    clearInterval(timer);
  }
}

/** A staff session over real HTTP (Node's fetch keeps connections alive). */
export interface StaffSession {
  call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export async function signInOverHttp(apiBase: string, username = 'admin', password = demoStaffPassword): Promise<StaffSession> {
  const signIn = await fetch(`${apiBase}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (signIn.status !== 200) throw new Error(`sign-in as ${username} failed: ${signIn.status} ${await signIn.text()}`);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  return {
    async call(method, url, body) {
      const headers: Record<string, string> = { cookie };
      if (method === 'POST') Object.assign(headers, { 'content-type': 'application/json', 'x-csrf-token': csrfToken });
      const reply = await fetch(`${apiBase}${url}`, { method, headers, body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined });
      const text = await reply.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON (an HTML error page): keep the text for the message
      }
      return { status: reply.status, body: parsed };
    },
  };
}
