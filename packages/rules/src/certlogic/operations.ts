/**
 * The operations of CertLogic 1.x and how many operands each takes: the one table that both the evaluator and the
 * static checker read, so they cannot disagree on what a well-formed expression is.
 *
 * CertLogic is a subset of JsonLogic with a few additions; JsonLogic operations outside this table (`or`, `!!`,
 * `==`, `-`, `map`, …) are not CertLogic and are refused, so that a rule means the same on every verifier.
 */

/** Every CertLogic operator, `var` included. */
export const CERTLOGIC_OPERATORS = [
  'var',
  'if',
  '===',
  'and',
  '<',
  '>',
  '<=',
  '>=',
  'in',
  '+',
  'after',
  'before',
  'not-after',
  'not-before',
  '!',
  'plusTime',
  'reduce',
  'extractFromUVCI',
  'dccDateOfBirth',
] as const

/** One of `CERTLOGIC_OPERATORS`. */
export type CertLogicOperator = (typeof CERTLOGIC_OPERATORS)[number]

/** The date-time comparisons and the integer comparison each stands for. */
export const DATE_TIME_COMPARISONS = {
  before: '<',
  after: '>',
  'not-after': '<=',
  'not-before': '>=',
} as const

/** Fewest and most operands of each operation whose operands form an array (all but `var`). */
export const OPERAND_COUNTS: Readonly<Record<Exclude<CertLogicOperator, 'var'>, readonly [min: number, max: number]>> =
  {
    if: [3, 3],
    '===': [2, 2],
    // Variadic; one operand would be a no-op, so the specification asks for at least two.
    and: [2, Infinity],
    // Two operands, or three for the "between" form: a < b < c.
    '<': [2, 3],
    '>': [2, 3],
    '<=': [2, 3],
    '>=': [2, 3],
    in: [2, 2],
    '+': [2, 2],
    after: [2, 3],
    before: [2, 3],
    'not-after': [2, 3],
    'not-before': [2, 3],
    '!': [1, 1],
    plusTime: [3, 3],
    reduce: [3, 3],
    extractFromUVCI: [2, 2],
    dccDateOfBirth: [1, 1],
  }

/**
 * True when `operator` is a CertLogic operator.
 *
 * @example
 * isCertLogicOperator('plusTime') // true
 * isCertLogicOperator('or') // false: JsonLogic, not CertLogic
 */
export function isCertLogicOperator(operator: string): operator is CertLogicOperator {
  return (CERTLOGIC_OPERATORS as readonly string[]).includes(operator)
}

/**
 * What is wrong with `count` operands for `operator`, or `undefined` when the count is right.
 *
 * @example
 * operandCountProblem('if', 4) // 'an "if" operation takes exactly 3 operands, not 4'
 */
export function operandCountProblem(operator: Exclude<CertLogicOperator, 'var'>, count: number): string | undefined {
  const [min, max] = OPERAND_COUNTS[operator]
  if (count >= min && count <= max) return undefined
  const wanted = min === max ? `exactly ${min}` : max === Infinity ? `at least ${min}` : `${min} or ${max}`
  return `an "${operator}" operation takes ${wanted} operands, not ${count}`
}

/**
 * True when `path` is a `var` path: `""` (the whole data) or non-empty fragments joined by dots, i.e. no dot at
 * either end and no two dots in a row.
 *
 * @example
 * isVarPath('payload.v.0.dt') // true
 * isVarPath('payload..v') // false
 */
export function isVarPath(path: string): boolean {
  return path === '' || (!path.startsWith('.') && !path.endsWith('.') && !path.includes('..'))
}
