// Shared flat config: `module.exports = require('@emm/eslint-config')(__dirname)` in a package.
const tseslint = require('typescript-eslint');

module.exports = (tsconfigRootDir) =>
  tseslint.config(
    { ignores: ['dist/**', 'coverage/**', 'eslint.config.js', 'jest.config.js'] },
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir } },
      rules: {
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        // Nest and supertest hand back `any` in well-known places; keep the rest strict.
        '@typescript-eslint/no-unsafe-member-access': 'off',
        '@typescript-eslint/no-unsafe-assignment': 'off',
        '@typescript-eslint/no-unsafe-argument': 'off',
        '@typescript-eslint/no-unsafe-call': 'off',
        '@typescript-eslint/no-unsafe-return': 'off',
        '@typescript-eslint/unbound-method': 'off',
        '@typescript-eslint/require-await': 'off',
        '@typescript-eslint/no-extraneous-class': 'off',
      },
    },
  );
