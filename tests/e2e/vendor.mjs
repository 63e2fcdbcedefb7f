// The libraries the door page loads, copied from node_modules into web/static/vendor
// (the page has no build step). `node vendor.mjs` copies them after an npm update;
// the door tests check that the copies match the installed packages.
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const VENDOR_DIR = join(here, '..', '..', 'web', 'static', 'vendor');

function packageDir(name) {
  return join(here, 'node_modules', ...name.split('/'));
}

// [package, files in it, folder under vendor/]
const PACKAGES = [
  ['jsqr', ['dist/jsQR.js', 'LICENSE'], 'jsqr'],
  ['@noble/ed25519', ['index.js', 'LICENSE'], 'noble-ed25519'],
  ['@noble/hashes', ['sha2.js', '_md.js', '_u64.js', 'utils.js', 'LICENSE'], 'noble-hashes'],
];

export function vendoredFiles() {
  const out = [];
  for (const [name, files, folder] of PACKAGES) {
    const version = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')).version;
    for (const file of files) {
      out.push({
        name,
        version,
        source: join(packageDir(name), file),
        target: join(VENDOR_DIR, folder, file.split('/').pop()),
      });
    }
  }
  return out;
}

export async function differences() {
  const out = [];
  for (const f of vendoredFiles()) {
    const [a, b] = await Promise.all([readFile(f.source), readFile(f.target).catch(() => null)]);
    if (!b || !a.equals(b)) out.push(`${f.target} differs from ${f.name}@${f.version}`);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const f of vendoredFiles()) {
    await mkdir(dirname(f.target), { recursive: true });
    await copyFile(f.source, f.target);
    console.log(`${f.name}@${f.version}: ${f.target}`);
  }
}
