// The cluster code lives in src/ so that `npm run bench` can use it too.
export { findPostgresBinaries, startThrowawayCluster, type ThrowawayCluster } from '../../src/db/throwaway-postgres.ts';
