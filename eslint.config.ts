import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { commentPaths } from './lint/comment-paths.ts';
import { layerBlocks } from './lint/layer-rules.ts';

const TS = '**/*.{ts,tsx}';
const PRINT_WIDTH = (JSON.parse(readFileSync(new URL('.prettierrc.json', import.meta.url), 'utf8')) as { printWidth: number }).printWidth;

export default defineConfig(
  {
    ignores: [
      'lint/fixtures/',
      'node_modules/',
      'dist/',
      'public/',
      'e2e/.fixtures/',
      'bench/out/',
      'playwright-report/',
      'test-results/',
      'data/',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error', reportUnusedInlineConfigs: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: [TS, '**/*.mjs'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'import-x': importX, local: { rules: { 'comment-paths': commentPaths } } },
    settings: {
      // Parse the files an import leads to as TypeScript too: no-cycle follows them.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'local/comment-paths': 'error',
      // Prettier's width for what Prettier does not wrap (comments); long strings stay whole.
      'max-len': [
        'error',
        { code: PRINT_WIDTH, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  { files: ['src/**/*.tsx', 'src/**/*.ts', 'e2e/fixtures/*.tsx'], ...reactHooks.configs.flat['recommended-latest'] },
  ...layerBlocks(),
);
