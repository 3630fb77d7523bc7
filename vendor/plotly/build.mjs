// Builds plotly-portal.min.js with the settings of plotly.js's own esbuild-config.js (minus the WebGL shader
// plugin: no WebGL trace is included). Run `npm install && npm run build` here after changing entry.js or the version.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { environmentPlugin } from 'esbuild-plugin-environment';
import InlineCSSPlugin from 'esbuild-plugin-inline-css';

const { version } = JSON.parse(readFileSync('node_modules/plotly.js/package.json', 'utf8'));

await build({
    entryPoints: ['entry.js'],
    outfile: 'plotly-portal.min.js',
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    legalComments: 'eof',
    banner: {
        js: `/* plotly.js v${version} (MIT, Copyright 2012-2026 Plotly, Inc.), partial bundle for Portal Satu Data ` +
            'Kaltim: core (scatter), bar, heatmap, choropleth, scattergeo. Built by vendor/plotly/build.mjs. */',
    },
    plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'info',
});
