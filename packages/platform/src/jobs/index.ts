// The re-issue jobs of issue 4 (3/2 → 3/3 alignment, 540-day renewal): resumable, idempotent, one transaction per person.
export { isJobError, JobError, type JobErrorCode } from './errors.ts'
export { loadHistory } from './load-history.ts'
export {
  type BoosterAlignmentOptions,
  type ReissueJobOutcome,
  type RenewalOptions,
  runBoosterAlignment,
  runRenewal,
} from './reissue-job.ts'
export { storeReissued } from './store-reissued.ts'
