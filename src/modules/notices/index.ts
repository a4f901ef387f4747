/** What other modules may use of notices: the trigger that starts the short delivery pass after a change. */
export { createNoticeTrigger, type NoticeTrigger, type NoticeTriggerDeps } from './notice-delivery.trigger.ts';
export { noticeCausingEvents, subscribeNoticesToEvents } from './notice-subscriptions.ts';
export { runNoticesJob } from './notices.job.ts';
export { loanNoticesForCirculation } from './loan-notices-for-circulation.ts';
