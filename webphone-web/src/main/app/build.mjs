// Builds the app into OUT_DIR (the Maven build passes target/app, which the WAR serves at /):
// src/main.js and JsSIP bundled and minified by esbuild into app.js, and the static files copied.
// Installs the exact packages of package-lock.json first when they are missing (npm ci).
// Usage: node build.mjs OUT_DIR
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs OUT_DIR');
  process.exit(2);
}
// Missing, or half there (an install interrupted by Ctrl-C leaves esbuild's folder without its
// files): npm ci puts back exactly what package-lock.json names. Loaded with require, which,
// unlike import, keeps no memory of a failed attempt.
const require = createRequire(import.meta.url);
function esbuild() {
  try {
    return require('esbuild');
  } catch (e) {
    if (existsSync(join(here, 'node_modules'))) {
      console.log(`the app packages are incomplete (${e.code ?? e.message}): npm ci`);
    } else {
      console.log('installing the app packages (npm ci)');
    }
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: here,
      stdio: 'inherit',
    });
    return require('esbuild');
  }
}
const { build } = esbuild();
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
const statics = ['index.html', 'app.css', 'sw.js', 'icon.svg', 'icon-192.png', 'icon-512.png'];
for (const f of statics) copyFileSync(join(here, 'src', f), join(out, f));

// The large files compressed once here, at the strongest settings, so that the server sends them
// compressed without spending CPU per request (org.webphone.web.http.PrecompressedAssets).
const COMPRESSED = ['app.js', 'app.css'];
for (const f of COMPRESSED) {
  const bytes = readFileSync(join(out, f));
  writeFileSync(join(out, `${f}.gz`), gzipSync(bytes, { level: 9 }));
  writeFileSync(
    join(out, `${f}.br`),
    brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  );
}

// What a browser downloads to open the app, gzipped (the budget: 250 KB), and with brotli (the
// icons only when it installs the app).
let gzip = 0;
let br = 0;
for (const f of readdirSync(out)) {
  const p = join(out, f);
  if (!statSync(p).isFile() || /\.(map|txt|gz|br|png)$/.test(f)) continue;
  const bytes = readFileSync(p);
  gzip += gzipSync(bytes, { level: 9 }).length;
  br += COMPRESSED.includes(f) ? statSync(`${p}.br`).size : gzipSync(bytes, { level: 9 }).length;
}
console.log(
  `app built in ${out}: ${(gzip / 1024).toFixed(1)} KB gzip, ${(br / 1024).toFixed(1)} KB with brotli`,
);
