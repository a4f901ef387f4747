import type { Command } from 'commander';
import { defaultLoadTest, runLoadTest } from '../bench/load-test.ts';
import { reportCommandFailure } from './cli-context.ts';

function whole(name: string, value: string): number {
  const parsed = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a whole number, not ${value}`);
  return parsed;
}

export function registerLoadTestCommand(program: Command): void {
  program
    .command('load-test')
    .description('Bounded load test on loopback: simulated desks (HTTP) and kiosks (SIP2) against carrel serve nodes; exits 1 on any error other than expected refusals')
    .option('--seconds <n>', 'how long each scenario runs', String(defaultLoadTest.seconds))
    .option('--clients <n>', 'simulated desks and kiosks', String(defaultLoadTest.clients))
    .option('--kiosks <n>', 'how many of the clients are SIP2 kiosks', String(defaultLoadTest.kiosks))
    .option('--database <kind>', 'postgres (a throwaway cluster) or sqlite', defaultLoadTest.database)
    .option('--nodes <list>', 'node counts to run in turn, e.g. 1,2 (several nodes need postgres)', defaultLoadTest.nodes.join(','))
    .option('--items <n>', 'catalogue items to seed', String(defaultLoadTest.items))
    .option('--think-ms <n>', 'mean pause between one client’s operations', String(defaultLoadTest.thinkMilliseconds))
    .action(async (flags: { seconds: string; clients: string; kiosks: string; database: string; nodes: string; items: string; thinkMs: string }) => {
      try {
        if (flags.database !== 'postgres' && flags.database !== 'sqlite') throw new Error('--database must be postgres or sqlite');
        const clients = whole('clients', flags.clients);
        const result = await runLoadTest({
          seconds: whole('seconds', flags.seconds),
          clients,
          kiosks: Math.min(clients, whole('kiosks', flags.kiosks)),
          database: flags.database,
          nodes: flags.nodes.split(',').map((entry) => whole('nodes', entry.trim())).filter((count) => count > 0),
          items: whole('items', flags.items),
          booksPerClient: defaultLoadTest.booksPerClient,
          thinkMilliseconds: whole('think-ms', flags.thinkMs),
        });
        process.exit(result.errors === 0 ? 0 : 1);
      } catch (error) {
        reportCommandFailure(error);
      }
    });
}
