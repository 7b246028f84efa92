// Bundles the page's script (our src/ modules plus JsSIP from node_modules) with esbuild and copies the
// hand-written HTML and CSS next to it. Output: ../wwwroot (served by the sample; generated, not committed).
// Run by the sample's MSBuild target after `npm ci`, or by hand: npm ci && npm run build
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, '..', 'wwwroot');

await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'webphone.js')],
  outfile: join(out, 'webphone.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
});
for (const file of ['index.html', 'webphone.css']) {
  await copyFile(join(here, 'src', file), join(out, file));
}

console.log(`webphone: bundled into ${out}`);
