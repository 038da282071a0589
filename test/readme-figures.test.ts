/**
 * The README's figures from sufficiency runs are the code's (src/tools/readme-figures.ts): each
 * generated block is made again here, from the shipped scenarios solved with the service's own code,
 * and must equal the README's text. A block that differs fails, naming it: run `npm run
 * readme-figures` and read the diff. (The capital plan's blocks are checked where the plan is made:
 * test/domain/plan/kent-plan.test.ts.) The block reader and writer are tested on text of their own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FigureRuns, PLAN_BLOCKS, README_FILE, readmeBlocks, RUN_BLOCKS, withBlocks } from '../src/tools/readme-figures.js';
import { kentRegistry, PROJECT_ROOT } from './helpers/app.js';

const readme = readFileSync(join(PROJECT_ROOT, README_FILE), 'utf8');

describe("the README's generated figures", () => {
  it('when the README is read, then it holds every generated block, each once', () => {
    const names = [...readme.matchAll(/<!-- figures:([a-z0-9-]+) -->/g)].map((m) => m[1]);
    expect(names.sort()).toEqual([...RUN_BLOCKS, ...PLAN_BLOCKS].map((b) => b.name).sort());
  });

  it('when the runs they quote are made again, then every block is as the code gives it now', { timeout: 300_000 }, async () => {
    const runs = new FigureRuns(PROJECT_ROOT, kentRegistry());
    const blocks = readmeBlocks(readme);
    for (const block of RUN_BLOCKS) {
      expect(blocks.get(block.name), `README block ${block.name} is stale: run npm run readme-figures`).toBe(await block.make(runs));
    }
  });

  it('when blocks are written, then the text between their markers is replaced, own-line blocks stay on their own lines, and an unknown block is refused', () => {
    const text = 'a <!-- figures:one -->1<!-- /figures:one --> b\n\n<!-- figures:two -->\n| x |\n<!-- /figures:two -->\n';
    expect(readmeBlocks(text)).toEqual(new Map([['one', '1'], ['two', '| x |']]));
    const written = withBlocks(text, new Map([['one', '42'], ['two', '| y |\n| z |']]));
    expect(written).toBe('a <!-- figures:one -->42<!-- /figures:one --> b\n\n<!-- figures:two -->\n| y |\n| z |\n<!-- /figures:two -->\n');
    expect(readmeBlocks(written).get('two')).toBe('| y |\n| z |');
    expect(() => withBlocks(text, new Map([['three', '3']]))).toThrow(/has no block three/);
  });
});
