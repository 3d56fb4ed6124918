/**
 * The static checker: every problem of a CertLogic expression that can be seen without data, the ones that make
 * `evaluateCertLogic` throw `CertLogicError('CERTLOGIC_INVALID')` whatever the data. Run it on a rule when it is
 * downloaded or uploaded; a rule with problems fails on every certificate that reaches the faulty branch.
 *
 * Unlike the evaluator, which stops at the first fault on the branch the data takes, the checker walks every
 * branch and reports every fault.
 */
import { CERTLOGIC_MAX_NESTING } from './evaluate.ts'
import { isCertLogicOperator, isVarPath, operandCountProblem } from './operations.ts'
import { isCertLogicTimeUnit } from './plus-time.ts'

/** One problem: where (a JSON pointer into the expression, `""` for the whole) and what. */
export interface CertLogicProblem {
  readonly path: string
  readonly message: string
}

/**
 * Every problem of `expression` as CertLogic, or `[]` when it is well-formed.
 *
 * @example
 * validateCertLogic({ if: [{ var: 'payload.v.0' }, true, false] }) // []
 * validateCertLogic({ if: [{ var: 'payload.v.0' }, { or: [true, false] }, true, false] })
 * // [{ path: '/if', message: 'an "if" operation takes exactly 3 operands, not 4' },
 * //  { path: '/if/1', message: 'unknown operator "or"' }]
 */
export function validateCertLogic(expression: unknown): CertLogicProblem[] {
  const problems: CertLogicProblem[] = []
  check(expression, '', 0, problems)
  return problems
}

function check(expression: unknown, path: string, depth: number, problems: CertLogicProblem[]): void {
  const report = (message: string, at = path): void => {
    problems.push({ path: at, message })
  }
  switch (typeof expression) {
    case 'string':
    case 'boolean':
      return
    case 'number':
      if (!Number.isInteger(expression)) report(`${expression} is not an integer`)
      return
    case 'object':
      break
    default:
      report(`not a CertLogic expression: ${typeof expression}`)
      return
  }
  if (expression === null) return report('null is not a CertLogic expression')
  if (depth >= CERTLOGIC_MAX_NESTING) return report(`expression nested more than ${CERTLOGIC_MAX_NESTING} deep`)
  if (Array.isArray(expression)) {
    expression.forEach((element, index) => check(element, `${path}/${index}`, depth + 1, problems))
    return
  }
  const keys = Object.keys(expression)
  const operator = keys[0]
  if (keys.length !== 1 || operator === undefined) {
    return report(`an operation is an object with exactly one key, the operator; this one has ${keys.length}`)
  }
  const operands: unknown = (expression as Record<string, unknown>)[operator]
  const at = `${path}/${escapePointer(operator)}`
  if (!isCertLogicOperator(operator)) return report(`unknown operator "${operator}"`)
  if (operator === 'var') {
    if (typeof operands !== 'string') return report('a data access has the form { "var": "<path>" }', at)
    if (!isVarPath(operands)) report(`not a data access path: ${JSON.stringify(operands)}`, at)
    return
  }
  if (!Array.isArray(operands) || operands.length === 0) {
    return report(`an operation has the form { "<operator>": [<operands…>] }; "${operator}" has no operand array`, at)
  }
  const countProblem = operandCountProblem(operator, operands.length)
  if (countProblem !== undefined) report(countProblem, at)

  // The literal operands: checked as literals, not walked as expressions.
  const literals = new Set<number>()
  if (operator === 'plusTime') {
    literals.add(1).add(2)
    if (!Number.isInteger(operands[1])) report('the amount of "plusTime" must be an integer literal', `${at}/1`)
    if (!isCertLogicTimeUnit(operands[2])) report('the unit of "plusTime" must be year, month, day or hour', `${at}/2`)
  } else if (operator === 'extractFromUVCI') {
    literals.add(1)
    if (!Number.isInteger(operands[1])) report('the index of "extractFromUVCI" must be an integer literal', `${at}/1`)
  }
  operands.forEach((item, index) => {
    if (!literals.has(index)) check(item, `${at}/${index}`, depth + 1, problems)
  })
}

// RFC 6901: `~` and `/` inside a key are escaped.
function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1')
}
