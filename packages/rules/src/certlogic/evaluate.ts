/**
 * The CertLogic evaluator: one branch per operation of the specification (CertLogic 1.x, a subset of JsonLogic with
 * date-time operations), each headed by the form the specification gives it, so the two can be read side by side.
 *
 * Nothing is guessed. An expression outside the specification throws `CertLogicError('CERTLOGIC_INVALID')`; an
 * operand of the wrong kind for its operation (a missing value set for `in`, a `dt` that is not a date for
 * `plusTime`, a guard that is neither truthy nor falsy) throws `CertLogicError('CERTLOGIC_OPERAND')`. There is no
 * clock inside: the time is whatever the data says (`external.validationClock` for business rules).
 */
import { isCertLogicDateTime, parseCertLogicDateTime } from './date-time.ts'
import { dccDateOfBirth } from './dcc-date-of-birth.ts'
import { CertLogicError } from './errors.ts'
import { extractFromUvci } from './extract-from-uvci.ts'
import { DATE_TIME_COMPARISONS, isVarPath, operandCountProblem } from './operations.ts'
import { isCertLogicTimeUnit, plusTime } from './plus-time.ts'
import { isCertLogicFalsy, isCertLogicTruthy } from './truthiness.ts'

/**
 * How deeply operations may nest. Real rules nest about ten deep; the bound turns a hostile expression into a
 * `CertLogicError` instead of a stack overflow.
 */
export const CERTLOGIC_MAX_NESTING = 200

/**
 * Evaluates the CertLogic `expression` against `data` and returns its value: a JSON value, or a `Date` for the
 * date-time operations.
 *
 * For a business rule, `data` is `{ payload: <DCC JSON>, external: { valueSets, validationClock, … } }` (see
 * `evaluateBusinessRule`). Throws `CertLogicError` and nothing else, whatever `expression` and `data` are.
 *
 * @example
 * evaluateCertLogic(
 *   { in: [{ var: 'payload.v.0.mp' }, ['EU/1/20/1528', 'EU/1/20/1507']] },
 *   { payload: { v: [{ mp: 'EU/1/20/1528' }] } },
 * ) // true
 * evaluateCertLogic(
 *   { 'not-after': [{ plusTime: [{ var: 'dt' }, 14, 'day'] }, { plusTime: [{ var: 'now' }, 0, 'day'] }] },
 *   { dt: '2021-06-01', now: '2021-06-20T12:00:00Z' },
 * ) // true
 */
export function evaluateCertLogic(expression: unknown, data: unknown): unknown {
  return evaluate(expression, data, 0)
}

function evaluate(expression: unknown, data: unknown, depth: number): unknown {
  // Literals: strings, integers and booleans stand for themselves. `null` and fractions are not CertLogic literals.
  switch (typeof expression) {
    case 'string':
    case 'boolean':
      return expression
    case 'number':
      if (Number.isInteger(expression)) return expression
      throw invalid(
        `${expression} is not an integer; CertLogic literals are integers, strings and booleans`,
        expression,
      )
    case 'object':
      break
    default:
      throw invalid(`not a CertLogic expression: ${typeof expression}`, expression)
  }
  if (expression === null) throw invalid('null is not a CertLogic expression', expression)
  if (depth >= CERTLOGIC_MAX_NESTING)
    throw invalid(`expression nested more than ${CERTLOGIC_MAX_NESTING} deep`, expression)

  // Arrays: each element is evaluated, so `[{ var: 'payload.v' }, { var: 'payload.t' }]` is a list of values.
  if (Array.isArray(expression)) return expression.map((element) => evaluate(element, data, depth + 1))

  const operator = onlyKey(expression)
  const operands: unknown = (expression as Record<string, unknown>)[operator]

  // Data access: { "var": "<path>" }.
  if (operator === 'var') return evaluateVar(operands, data, expression)

  if (!Array.isArray(operands) || operands.length === 0) {
    throw invalid(
      `an operation has the form { "<operator>": [<operands…>] }; "${operator}" has no operand array`,
      expression,
    )
  }
  switch (operator) {
    // If-then-else: { "if": [<guard>, <then>, <else>] }.
    case 'if': {
      checkCount('if', operands, expression)
      const guard = evaluate(operands[0], data, depth + 1)
      if (isCertLogicTruthy(guard)) return evaluate(operands[1], data, depth + 1)
      if (isCertLogicFalsy(guard)) return evaluate(operands[2], data, depth + 1)
      throw operand(`the guard of an "if" is neither truthy nor falsy: ${describe(guard)}`, expression)
    }

    // Strict equality: { "===": [<a>, <b>] }, JavaScript's `===` on the two values.
    case '===': {
      checkCount('===', operands, expression)
      return evaluate(operands[0], data, depth + 1) === evaluate(operands[1], data, depth + 1)
    }

    // Conjunction: { "and": [<a>, <b>, …] }. Left to right, stopping at the first falsy operand, whose value is
    // the result; otherwise the value of the last operand. Every operand before the last must be truthy or falsy.
    case 'and': {
      checkCount('and', operands, expression)
      const last = operands.length - 1
      for (let i = 0; i < last; i++) {
        const value = evaluate(operands[i], data, depth + 1)
        if (isCertLogicFalsy(value)) return value
        if (!isCertLogicTruthy(value)) {
          throw operand(`operand ${i} of an "and" is neither truthy nor falsy: ${describe(value)}`, expression)
        }
      }
      return evaluate(operands[last], data, depth + 1)
    }

    // Integer comparisons: { "<": [<a>, <b>] }, or { "<": [<a>, <b>, <c>] } for a < b < c; likewise >, <=, >=.
    case '<':
    case '>':
    case '<=':
    case '>=': {
      checkCount(operator, operands, expression)
      const values = operands.map((item) => evaluate(item, data, depth + 1))
      if (!values.every(Number.isInteger)) {
        throw operand(`the operands of "${operator}" must be integers: ${values.map(describe).join(', ')}`, expression)
      }
      return compare(operator, values as number[])
    }

    // Membership: { "in": [<value>, <array>] }. The value sets of `external.valueSets` are such arrays.
    case 'in': {
      checkCount('in', operands, expression)
      const value = evaluate(operands[0], data, depth + 1)
      const array = evaluate(operands[1], data, depth + 1)
      if (!Array.isArray(array)) {
        throw operand(`the right-hand side of "in" must be an array: ${describe(array)}`, expression)
      }
      return array.includes(value)
    }

    // Integer addition: { "+": [<a>, <b>] }.
    case '+': {
      checkCount('+', operands, expression)
      const left = evaluate(operands[0], data, depth + 1)
      const right = evaluate(operands[1], data, depth + 1)
      if (!Number.isInteger(left) || !Number.isInteger(right)) {
        throw operand(`the operands of "+" must be integers: ${describe(left)}, ${describe(right)}`, expression)
      }
      return (left as number) + (right as number)
    }

    // Date-time comparisons: { "before": [<a>, <b>] } and the 3-operand form a < b < c; after, not-after and
    // not-before likewise. The operands must be date-times (from plusTime or dccDateOfBirth), never plain strings.
    case 'before':
    case 'after':
    case 'not-after':
    case 'not-before': {
      checkCount(operator, operands, expression)
      const values = operands.map((item) => evaluate(item, data, depth + 1))
      if (!values.every(isCertLogicDateTime)) {
        throw operand(
          `the operands of "${operator}" must be date-times: ${values.map(describe).join(', ')}`,
          expression,
        )
      }
      return compare(
        DATE_TIME_COMPARISONS[operator],
        values.map((value) => value.getTime()),
      )
    }

    // Negation: { "!": [<operand>] }, of a truthy or falsy value.
    case '!': {
      checkCount('!', operands, expression)
      const value = evaluate(operands[0], data, depth + 1)
      if (isCertLogicFalsy(value)) return true
      if (isCertLogicTruthy(value)) return false
      throw operand(`the operand of "!" is neither truthy nor falsy: ${describe(value)}`, expression)
    }

    // Date-time offset: { "plusTime": [<date or date-time>, <integer literal>, "year" | "month" | "day" | "hour"] }.
    case 'plusTime': {
      checkCount('plusTime', operands, expression)
      const [, amount, unit] = operands
      if (!Number.isInteger(amount)) {
        throw invalid(
          `the amount (operand 1) of "plusTime" must be an integer literal: ${describe(amount)}`,
          expression,
        )
      }
      if (!isCertLogicTimeUnit(unit)) {
        throw invalid(
          `the unit (operand 2) of "plusTime" must be year, month, day or hour: ${describe(unit)}`,
          expression,
        )
      }
      const value = evaluate(operands[0], data, depth + 1)
      // A string is read as a date or date-time; a date-time (from dccDateOfBirth) is taken as it is.
      if (typeof value === 'string') return plusTime(parseCertLogicDateTime(value), amount as number, unit)
      if (isCertLogicDateTime(value)) return plusTime(value, amount as number, unit)
      throw operand(
        `the date (operand 0) of "plusTime" must be a date or date-time string: ${describe(value)}`,
        expression,
      )
    }

    // Fold: { "reduce": [<array or null>, <lambda>, <initial>] }. The lambda is evaluated with the data
    // { accumulator, current, data }, `data` being the data of the reduce itself; null folds to the initial value.
    case 'reduce': {
      checkCount('reduce', operands, expression)
      const [, lambda, initial] = operands
      const array = evaluate(operands[0], data, depth + 1)
      if (array !== null && !Array.isArray(array)) {
        throw operand(`the operand of "reduce" must be an array or null: ${describe(array)}`, expression)
      }
      let accumulator = evaluate(initial, data, depth + 1)
      for (const current of array ?? []) accumulator = evaluate(lambda, { accumulator, current, data }, depth + 1)
      return accumulator
    }

    // UVCI fragment: { "extractFromUVCI": [<string or null>, <integer literal>] }.
    case 'extractFromUVCI': {
      checkCount('extractFromUVCI', operands, expression)
      const index = operands[1]
      if (!Number.isInteger(index)) {
        throw invalid(
          `the index (operand 1) of "extractFromUVCI" must be an integer literal: ${describe(index)}`,
          expression,
        )
      }
      const uvci = evaluate(operands[0], data, depth + 1)
      if (uvci !== null && typeof uvci !== 'string') {
        throw operand(`the operand of "extractFromUVCI" must be a string or null: ${describe(uvci)}`, expression)
      }
      return extractFromUvci(uvci, index as number)
    }

    // Date of birth: { "dccDateOfBirth": [<dob string>] }, partial dates included.
    case 'dccDateOfBirth': {
      checkCount('dccDateOfBirth', operands, expression)
      const dob = evaluate(operands[0], data, depth + 1)
      if (typeof dob !== 'string') {
        throw operand(`the operand of "dccDateOfBirth" must be a string: ${describe(dob)}`, expression)
      }
      return dccDateOfBirth(dob)
    }

    default:
      throw invalid(`unknown operator "${operator}"`, expression)
  }
}

// { "var": "a.b.0.c" }: walks objects by key and arrays by index. Anything missing on the way reads as null; only
// own properties count, so a path can never reach `constructor`, `__proto__` or an array's `length`.
function evaluateVar(path: unknown, data: unknown, expression: object): unknown {
  if (typeof path !== 'string') throw invalid('a data access has the form { "var": "<path>" }', expression)
  if (path === '') return data
  if (!isVarPath(path)) throw invalid(`not a data access path: ${JSON.stringify(path)}`, expression)
  let value = data
  let start = 0
  while (value !== null) {
    const dot = path.indexOf('.', start)
    const fragment = dot < 0 ? path.slice(start) : path.slice(start, dot)
    value = field(value, fragment)
    if (dot < 0) return value
    start = dot + 1
  }
  return null
}

function field(value: unknown, fragment: string): unknown {
  if (typeof value !== 'object' || value === null || isCertLogicDateTime(value)) return null
  if (Array.isArray(value)) {
    const index = arrayIndex(fragment)
    return index < 0 ? null : (value[index] ?? null)
  }
  return Object.hasOwn(value, fragment) ? ((value as Record<string, unknown>)[fragment] ?? null) : null
}

// The array index a path fragment of decimal digits stands for; -1 for any other fragment (`length`, `-1`, `1e3`).
function arrayIndex(fragment: string): number {
  let index = 0
  for (let i = 0; i < fragment.length; i++) {
    const digit = fragment.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return -1
    index = index * 10 + digit
  }
  return fragment.length === 0 ? -1 : index
}

function compare(operator: '<' | '>' | '<=' | '>=', values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) {
    const left = values[i - 1] as number
    const right = values[i] as number
    const holds =
      operator === '<'
        ? left < right
        : operator === '>'
          ? left > right
          : operator === '<='
            ? left <= right
            : left >= right
    if (!holds) return false
  }
  return true
}

function onlyKey(expression: object): string {
  // for…in rather than Object.keys: no array to allocate for every node of every evaluation.
  let operator: string | undefined
  let count = 0
  for (const key in expression) {
    if (!Object.hasOwn(expression, key)) continue
    operator = key
    count++
  }
  if (count !== 1 || operator === undefined) {
    throw invalid(`an operation is an object with exactly one key, the operator; this one has ${count}`, expression)
  }
  return operator
}

function checkCount(
  operator: Parameters<typeof operandCountProblem>[0],
  operands: readonly unknown[],
  expression: object,
) {
  const problem = operandCountProblem(operator, operands.length)
  if (problem !== undefined) throw invalid(problem, expression)
}

function invalid(message: string, expression: unknown): CertLogicError {
  return new CertLogicError('CERTLOGIC_INVALID', message, { expression })
}

function operand(message: string, expression: unknown): CertLogicError {
  return new CertLogicError('CERTLOGIC_OPERAND', message, { expression })
}

// Values in messages: short, and never a throw (JSON.stringify throws on cycles and BigInts).
function describe(value: unknown): string {
  if (isCertLogicDateTime(value)) return `date-time ${value.toISOString()}`
  if (value === undefined) return 'nothing'
  try {
    const text = JSON.stringify(value) ?? String(value)
    return text.length > 80 ? `${text.slice(0, 77)}...` : text
  } catch {
    return typeof value
  }
}
