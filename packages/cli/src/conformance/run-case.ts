import { isHcertError } from '@greenpass/hcert'
import { knownIssue } from './known-issues.ts'
import { STEPS, type StepContext, type TestCase } from './steps.ts'

export type Outcome = 'passed' | 'failed' | 'known' | 'skipped'

export interface FlagResult {
  readonly flag: string
  readonly expected: boolean
  /** Whether the step succeeded; absent when skipped. */
  readonly actual?: boolean
  readonly outcome: Outcome
  /** Why the step failed (error code and message), why it was skipped, or the known issue. */
  readonly detail?: string
}

/**
 * Runs every step of one corpus file whose `EXPECTED*` flag is present and boolean. Unknown keys (such as the
 * misspelt `EXPTECTEDEXPIRED`) are ignored. A flag whose inputs are missing is skipped, not failed.
 */
export async function runConformanceCase(
  path: string,
  testCase: TestCase,
  context: StepContext,
): Promise<FlagResult[]> {
  const results: FlagResult[] = []
  for (const [flag, expected] of Object.entries(testCase.EXPECTEDRESULTS ?? {})) {
    const step = STEPS[flag]
    if (!step || typeof expected !== 'boolean') continue
    const absent = step.needs(testCase)
    if (absent) {
      results.push({ flag, expected, outcome: 'skipped', detail: absent })
      continue
    }
    let actual: boolean
    let detail: string | undefined
    try {
      actual = await step.run(testCase, context)
    } catch (error) {
      actual = false
      detail = isHcertError(error) ? `${error.code}: ${error.message}` : String((error as Error)?.message ?? error)
    }
    const known = knownIssue(path, flag)
    if (actual === expected) results.push({ flag, expected, actual, outcome: 'passed', detail })
    else if (known) results.push({ flag, expected, actual, outcome: 'known', detail: known })
    else results.push({ flag, expected, actual, outcome: 'failed', detail })
  }
  return results
}
