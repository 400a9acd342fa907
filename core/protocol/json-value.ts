import * as v from 'valibot';
import { LIMITS } from './limits.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** First place where `value` is not bounded JSON (finite numbers, depth, string length), or null. */
export function jsonValueProblem(value: unknown, path = '', depth = 0): { path: string; problem: string } | null {
  if (depth > LIMITS.jsonDepth) return { path, problem: `is nested deeper than ${LIMITS.jsonDepth} levels` };
  if (value === null || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : { path, problem: 'must be a finite number' };
  if (typeof value === 'string') {
    return value.length <= LIMITS.jsonStringLength ? null : { path, problem: `is longer than ${LIMITS.jsonStringLength} characters` };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = jsonValueProblem(value[i], `${path}[${i}]`, depth + 1);
      if (p) return p;
    }
    return null;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      const p = jsonValueProblem(item, path ? `${path}.${key}` : key, depth + 1);
      if (p) return p;
    }
    return null;
  }
  return { path, problem: `must be JSON data, not ${typeof value}` };
}

/** A JSON object with the bounds above; nested problems keep their path in the message. */
export const JsonObjectSchema = v.pipe(
  v.record(v.string(), v.unknown()),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = jsonValueProblem(dataset.value);
    if (problem) addIssue({ message: problem.path ? `${problem.path} ${problem.problem}` : problem.problem });
  }),
  v.transform((value) => value as JsonObject),
);
