import type * as v from 'valibot';

/** What is wrong with a request, in words a researcher or developer can act on. */
export interface Problem {
  /** Dotted path of the offending field, e.g. `chunks[2].events[14].t`, or `body`, `authorization`. */
  field: string;
  /** What is wrong with it, e.g. `must be a finite number`. */
  problem: string;
}

export function problemMessage(p: Problem): string {
  return `${p.field}: ${p.problem}`;
}

/** Joins a base path (`chunks[2].events`) and a valibot issue path into one dotted path. */
export function issuePath(base: string, path: readonly v.IssuePathItem[] | undefined): string {
  let out = base;
  for (const item of path ?? []) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

/** A valibot issue as a Problem: the schema's own message for checks, "expected X but got Y" for types. */
export function issueProblem(base: string, issue: v.BaseIssue<unknown>): Problem {
  const field = issuePath(base, issue.path);
  if (issue.kind === 'schema' && issue.type !== 'literal' && issue.type !== 'picklist' && issue.type !== 'variant') {
    if (issue.type === 'strict_object' && issue.input !== undefined && issue.expected === 'never') {
      return { field, problem: 'is not a known field' };
    }
    if (issue.input === undefined) return { field, problem: `is missing (expected ${issue.expected ?? 'a value'})` };
    return { field, problem: `expected ${issue.expected ?? '?'} but got ${issue.received}` };
  }
  return { field, problem: issue.message };
}
