// Builds the app into OUT_DIR (the Maven build passes target/app, which the WAR serves at /):
// src/main.js and JsSIP bundled and minified by esbuild into app.js, and the static files copied.
// Installs the exact packages of package-lock.json first when they are missing (npm ci).
// Usage: node build.mjs OUT_DIR
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs OUT_DIR');
  process.exit(2);
}
if (!existsSync(join(here, 'node_modules', 'esbuild'))) {
  console.log('installing the app packages (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: here,
    stdio: 'inherit',
  });
}
const { build } = await import('esbuild');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'main.js')],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: ['chrome100', 'firefox100', 'safari15'],
  outfile: join(out, 'app.js'),
  legalComments: 'linked',
  logLevel: 'warning',
});
const statics = ['index.html', 'app.css', 'manifest.webmanifest', 'sw.js', 'icon.svg'];
for (const f of statics) copyFileSync(join(here, 'src', f), join(out, f));

// What a browser downloads, gzipped (the budget: 250 KB).
let gzip = 0;
for (const f of readdirSync(out)) {
  const p = join(out, f);
  if (statSync(p).isFile() && !f.endsWith('.map') && !f.endsWith('.txt'))
    gzip += gzipSync(readFileSync(p)).length;
}
console.log(`app built in ${out}: ${(gzip / 1024).toFixed(1)} KB gzip`);
