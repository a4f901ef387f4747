import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Real `carrel` processes for tests that need what only a process has: signals, SIGKILL, several
 * nodes on one database. Every child is remembered so a suite can end them all, even on failure.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const carrelBin = path.join(root, 'bin/carrel.mjs');
const children = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export interface CarrelDatabaseTarget {
  /** PostgreSQL URL; SQLite (carrel.db in dataDir) when absent. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

function environmentOf(target: CarrelDatabaseTarget, extra: Record<string, string>): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: '0', SIP_PORT: '0', LOG_LEVEL: 'warn', CARREL_DATA_DIR: target.dataDir, ...extra };
  delete environment.DATABASE_URL;
  if (target.databaseUrl) environment.DATABASE_URL = target.databaseUrl;
  return environment;
}

export interface CarrelNodeProcess {
  child: ChildProcess;
  httpPort: number;
  baseUrl: string;
  sipPort: number | undefined;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `carrel serve` on free ports; resolves once it says what it runs and where. */
export async function startCarrelNode(target: CarrelDatabaseTarget, options: { roles?: string; env?: Record<string, string>; startTimeoutMs?: number } = {}): Promise<CarrelNodeProcess> {
  const args = [carrelBin, 'serve', ...(options.roles ? ['--roles', options.roles] : [])];
  const child = spawn(process.execPath, args, { cwd: root, env: environmentOf(target, options.env ?? {}), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  const roles = options.roles ?? 'web,sip,jobs';
  const ready = await new Promise<{ httpPort: number; sipPort: number | undefined }>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${options.startTimeoutMs ?? 60_000} ms`), options.startTimeoutMs ?? 60_000);
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`carrel serve ${why}:\n${output}`));
    };
    const look = () => {
      const http = /Carrel is running: http:\/\/[^:]+:(\d+)\//.exec(output);
      const sip = /SIP2 for self-check kiosks on port (\d+)/.exec(output);
      if (settled || !/This node runs:/.test(output) || (roles.includes('web') && !http) || (roles.includes('sip') && !sip)) return;
      settled = true;
      clearTimeout(timer);
      child.stdout!.off('data', look);
      resolve({ httpPort: http ? Number(http[1]) : 0, sipPort: sip ? Number(sip[1]) : undefined });
    };
    child.stdout!.on('data', look);
    void exited.then(({ code, signal }) => fail(`exited early (${code ?? signal})`));
  });
  return { child, ...ready, baseUrl: `http://127.0.0.1:${ready.httpPort}`, output: () => output, exited };
}

/** Ends a node with SIGKILL (no goodbye) unless it has already exited. */
export async function killCarrelNode(node: CarrelNodeProcess | undefined): Promise<void> {
  if (!node || node.child.exitCode !== null || node.child.signalCode !== null) return;
  node.child.kill('SIGKILL');
  await node.exited;
}

/** Every carrel process this test file started and has not seen exit: for afterAll. */
export async function killAllCarrelProcesses(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** A one-off `carrel …` command; resolves with its exit code and output. */
export function runCarrelCommand(target: CarrelDatabaseTarget, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [carrelBin, ...args], { cwd: root, env: environmentOf(target, env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      resolve({ code, output });
    }),
  );
}

/** A signed-in staff member talking to a node over real HTTP (cookie and CSRF token kept). */
export interface HttpStaffSession {
  request(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** The same session against another node (sessions live in the shared database). */
  on(baseUrl: string): HttpStaffSession;
}

export async function signInOverHttp(baseUrl: string, username: string, password: string): Promise<HttpStaffSession> {
  const reply = await fetch(`${baseUrl}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (reply.status !== 200) throw new Error(`sign-in as ${username} failed: ${reply.status} ${await reply.text()}`);
  const cookie = (reply.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  const { csrfToken } = (await reply.json()) as { csrfToken: string };
  const sessionOn = (base: string): HttpStaffSession => ({
    async request(method, url, body) {
      const answer = await fetch(`${base}${url}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await answer.text();
      return { status: answer.status, body: text ? JSON.parse(text) : undefined };
    },
    on: sessionOn,
  });
  return sessionOn(baseUrl);
}
