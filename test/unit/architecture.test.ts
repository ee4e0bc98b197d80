import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

function files(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'generated' && e.name !== 'node_modules') out.push(...files(rel));
    } else if (/\.(ts|tsx)$/.test(e.name)) out.push(rel);
  }
  return out;
}

function imports(file: string): string[] {
  const src = fs.readFileSync(path.join(root, file), 'utf8');
  return [...src.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

// STYLE.md's dependency rules, checked so they stay true as the code grows.
describe('dependency rules', () => {
  const core = ['lib/dns', 'lib/checks', 'lib/message', 'lib/report', 'lib/findings', 'lib/net'].flatMap(files);

  it('the core never imports next or react', () => {
    const bad = core.flatMap((f) => imports(f).filter((i) => /^(next|react|react-dom)(\/|$)/.test(i)).map((i) => `${f} → ${i}`));
    expect(bad).toEqual([]);
  });

  it('components never import the database layer', () => {
    const bad = files('components').flatMap((f) => imports(f).filter((i) => /lib\/db|@prisma/.test(i)).map((i) => `${f} → ${i}`));
    expect(bad).toEqual([]);
  });

  it('only lib/db touches Prisma', () => {
    const outside = [...files('lib'), ...files('app'), ...files('components')].filter((f) => !f.startsWith('lib/db/'));
    const bad = outside.flatMap((f) => imports(f).filter((i) => /@prisma|generated\/client/.test(i)).map((i) => `${f} → ${i}`));
    expect(bad).toEqual([]);
  });

  it('nothing renders raw HTML from data', () => {
    const bad = [...files('app'), ...files('components')].filter((f) => fs.readFileSync(path.join(root, f), 'utf8').includes('dangerouslySetInnerHTML'));
    expect(bad).toEqual([]);
  });
});
