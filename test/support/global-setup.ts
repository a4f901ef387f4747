import type { TestProject } from 'vitest/node';
import { startThrowawayCluster } from './postgres-cluster.ts';
import { ensureTestPrerequisites } from './provision.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** One throwaway PostgreSQL cluster for the whole run; each test file makes its own database in it. */
export default async function setup(project: TestProject) {
  ensureTestPrerequisites();
  const cluster = await startThrowawayCluster();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
