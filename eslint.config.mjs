// Lint rules that keep the architecture honest: the analysis service never imports the LSP
// runtime, the editor API, the file system or the front ends; the client never does analysis.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['server/src/service/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'The service is editor-agnostic.' },
          { name: 'vscode-languageserver', message: 'The service never imports the LSP runtime; only types (vscode-languageserver-types).' },
          { name: 'vscode-languageserver/node', message: 'The service never imports the LSP runtime.' },
          { name: 'fs', message: 'Rules read models from the workspace index, never the disk.' },
          { name: 'node:fs', message: 'Rules read models from the workspace index, never the disk.' },
          { name: 'child_process', message: 'The service never runs anything.' },
          { name: 'node:child_process', message: 'The service never runs anything.' },
        ],
        patterns: [
          { group: ['vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*'], message: 'The service never imports the LSP runtime.' },
          { group: ['**/lsp/**', '**/cli/**', '**/node/**', '**/client/**'], message: 'The service does not depend on its front ends.' },
        ],
      }],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/server/**'], message: 'The client only starts the server; analysis lives in the server.' }],
      }],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
);
