import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

const timeRule = {
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Use the injected Clock (clock.now()).' },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'Use the injected Clock (clock.setTimeout).' },
    { name: 'setInterval', message: 'Use the injected Clock (clock.setInterval).' },
    { name: 'fetch', message: 'Engine code reaches the network only through its adapters.' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'Use the injected Clock (new Date(clock.now())).',
    },
  ],
}

export default tseslint.config(
  {
    ignores: ['node_modules', 'out', 'coverage', 'migrations', 'test-results', 'playwright-report'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-main/engine/**/*.ts'],
    ignores: ['src-main/engine/clock/system-clock.ts'],
    rules: {
      ...timeRule,
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The engine knows nothing of Electron.' }] },
      ],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['electron', 'node:*', 'fs', 'path', 'os', 'crypto'] },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'electron',
            'node:*',
            'ccxt',
            'openai',
            '@anthropic-ai/sdk',
            'ollama',
            'pg',
            '@electric-sql/*',
            'drizzle-orm*',
            '**/src-main/**',
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/transport/ipc/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='ipcMain']",
          message: 'Register IPC handlers only through src-main/transport/ipc (guarded handle()).',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use the injected Clock (new Date(clock.now())).',
        },
      ],
    },
  },
)
