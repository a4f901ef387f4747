/**
 * What other modules may use of jobs: claiming a daily job's run for an institution and local date (so one node runs
 * it once a day) and recording that it finished. The list of jobs lives outside the modules, in src/jobs.
 */
export { claimDailyJobRun, claimedJobNames, finishJobRun, jobRunLeaseMinutes, lastJobRuns, type DailyJobClaim, type LastJobRun } from './job-run.queries.ts';
export { isDailyJobDue } from './schedule.policy.ts';
