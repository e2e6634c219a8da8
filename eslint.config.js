// ESLint with typescript-eslint's type-checked rules over the TypeScript sources, tests,
// benchmarks, scripts and examples (`npm run lint`). Formatting is Prettier's (`npm run format`).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'machines/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unused names are errors, except those spelled as deliberately unused.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Floating promises lose errors: every promise is awaited, returned or voided on purpose.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // The plain JavaScript that Node runs: the command's launcher, test child processes, this file.
  // (assets/console.js runs in the browser and names its globals itself.)
  {
    files: ['bin/**/*.js', '**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
);
