// ESLint rule: a comment that names a file of ours (a path like `src/db/db.ts`, `./paging.ts`, or a
// bare source name like `zip-stream.ts`) must name one that exists, so comments do not keep
// pointing at files that moved or were never in the repository.
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from 'eslint';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'test-results', 'playwright-report', 'public']);

/** Paths with a folder: source and documentation files. Bare names: source files only (data files such as
 * `session.json` or `fixations.csv` are named after what the export writes, not after files of ours). */
const PATH_TOKEN = /(?<![\w./@-])((?:\.{1,2}\/)*[\w@-][\w.@-]*\/[\w./@-]*\.(?:tsx?|mjs|cjs|js|json|md|html|css|csv))(?![\w/-])/g;
const BARE_TOKEN = /(?<![\w./@-])([\w-][\w.-]*\.(?:tsx?|mjs|md))(?![\w/-])/g;
const URL = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;

let files: { all: Set<string>; names: Set<string> } | null = null;

function repoFiles(): { all: Set<string>; names: Set<string> } {
  if (files) return files;
  const all = new Set<string>();
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(join(dir, e.name));
      } else {
        all.add(relative(ROOT, join(dir, e.name)));
        names.add(e.name);
      }
    }
  };
  walk(ROOT);
  files = { all, names };
  return files;
}

function exists(token: string, fromFile: string): boolean {
  const { all, names } = repoFiles();
  if (token.startsWith('./') || token.startsWith('../')) return all.has(relative(ROOT, resolve(dirname(fromFile), token)));
  if (!token.includes('/')) return names.has(token);
  if (all.has(token)) return true;
  for (const f of all) if (f.endsWith(`/${token}`)) return true;
  return false;
}

export const commentPaths: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'comments name only files that exist in the repository' },
    schema: [],
    messages: { missing: 'This comment names "{{path}}", which is not a file in the repository.' },
  },
  create(context) {
    return {
      Program() {
        for (const comment of context.sourceCode.getAllComments()) {
          const text = comment.value.replace(URL, ' ');
          const seen = new Set<string>();
          for (const re of [PATH_TOKEN, BARE_TOKEN]) {
            for (const m of text.matchAll(re)) {
              const token = m[1]!;
              if (seen.has(token) || exists(token, context.filename)) continue;
              seen.add(token);
              context.report({ loc: comment.loc!, messageId: 'missing', data: { path: token } });
            }
          }
        }
      },
    };
  },
};
