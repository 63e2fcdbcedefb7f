// The W3C Nu HTML checker (npm vnu-jar, run with Debian's Java), over many documents at once:
// the JVM starts once per call, not once per page.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const VNU_JAR = String(require('vnu-jar'));

// documents: [{name, html}]. Returns the checker's errors as "name:line: message" lines.
export async function htmlErrors(documents) {
  const dir = await mkdtemp(join(tmpdir(), 'colloq-vnu-'));
  try {
    const files = [];
    for (const [i, doc] of documents.entries()) {
      const file = join(dir, `${String(i).padStart(2, '0')}.html`);
      await writeFile(file, doc.html);
      files.push({ file, name: doc.name });
    }
    const report = await new Promise((resolve, reject) => {
      execFile('java', ['-Xss8m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files.map((f) => f.file)],
        { maxBuffer: 64 * 1024 * 1024 },
        // The checker exits 1 when it finds errors; its findings are on stderr either way.
        (err, stdout, stderr) => {
          try { resolve(JSON.parse(stderr)); } catch { reject(err ?? new Error(`vnu: ${stderr}`)); }
        });
    });
    const nameOf = (url) => files.find((f) => url.endsWith(f.file.split('/').pop()))?.name ?? url;
    return report.messages
      .filter((m) => m.type === 'error' || m.subType === 'fatal')
      .map((m) => `${nameOf(m.url ?? '')}:${m.lastLine ?? '?'}: ${m.message} «${(m.extract ?? '').trim()}»`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
