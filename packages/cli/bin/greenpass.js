#!/usr/bin/env node
// Plain JavaScript on purpose: it must run on any Node to say clearly that greenpass needs Node 24.
const major = Number(process.versions.node.split('.')[0])
if (major < 24) {
  console.error(
    `greenpass needs Node.js 24 or later (this is ${process.version}). Run it through npm (npm start, npm run greenpass), ` +
      'which uses the Node 24 installed in node_modules by npm ci.',
  )
  process.exit(1)
}
await import('../src/main.ts')
