import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const { layers } = JSON.parse(readFileSync(new URL('./layers.json', import.meta.url), 'utf8'));
const sources = '{ts,mts,js,mjs,cjs}';
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * layers.json as `no-restricted-imports` rules: one config per folder and per depth of a file below it,
 * each refusing the relative specifiers that lead from there into a folder it may not import (a higher
 * layer, a later or independent folder of its own layer, or test/). Test files are exempt; dynamic
 * imports and require() are checked by test/layers.unit.test.ts.
 */
function layerRules() {
  const folders = layers.flatMap((layer, layerIndex) =>
    layer.folders.map((folder, index) => ({ folder, layer: layer.name, layerIndex, index, independent: layer.independent === true })),
  );
  const mayImport = (from, to) =>
    to.layerIndex < from.layerIndex || (to.layerIndex === from.layerIndex && !from.independent && to.index < from.index);
  const configs = [];
  for (const from of folders) {
    const forbidden = folders.filter((to) => to !== from && !mayImport(from, to));
    const targets = [...forbidden.map((to) => ({ path: to.folder, why: `${to.folder} (${to.layer})` })), { path: 'test', why: 'test/ (test helpers)' }];
    const fromParts = from.folder.split('/');
    for (let depth = 0; depth <= 4; depth += 1) {
      const patterns = targets.map(({ path, why }) => {
        const toParts = path.split('/');
        let common = 0;
        while (common < toParts.length && fromParts[common] === toParts[common]) common += 1;
        // '../runtime' from shared/http, and the longer way round, '../../shared/runtime'.
        const ways = [];
        for (let kept = common; kept >= 0; kept -= 1) {
          ways.push(`(\\.\\./){${fromParts.length - kept + depth}}${escape(toParts.slice(kept).join('/'))}`);
        }
        return {
          regex: `^(\\./)?(${ways.join('|')})(/|$)`,
          message: `${from.folder} is in the ${from.layer} layer and may not import ${why}: see docs/architecture.md#layers.`,
        };
      });
      configs.push({
        files: [`${from.folder}/${'*/'.repeat(depth)}*.${sources}`],
        ignores: ['**/*.test.ts'],
        rules: { 'no-restricted-imports': ['error', { patterns }] },
      });
    }
  }
  return configs;
}

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'readonly', __dirname: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  ...layerRules(),
);
