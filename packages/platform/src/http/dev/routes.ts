import type { FastifyPluginAsync } from 'fastify'
import type { DevMailbox, DevSmsSink } from '../../notify/index.ts'

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )

const page = (title: string, body: string): string => `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 50rem; padding: 0 1rem; color: #17324d; }
  h1 { font-size: 1.5rem; } article { border: 1px solid #c5d0da; border-radius: 6px; padding: 0.75rem 1rem; margin: 1rem 0; }
  pre { white-space: pre-wrap; margin: 0.5rem 0 0; font: inherit; } .meta { color: #5c6f82; font-size: 0.875rem; }
  nav a { margin-right: 1rem; }
</style></head>
<body><nav><a href="/dev/mailbox">Email</a><a href="/dev/sms">SMS</a><a href="/docs">API</a></nav>
<h1>${escape(title)}</h1>${body}</body></html>`

/**
 * The dev pages of the embedded sinks (registered only when they run): what the citizens would have received,
 * newest first. Local development only: the messages carry codes.
 */
export function devRoutes(sinks: { mailbox?: DevMailbox; smsSink?: DevSmsSink }): FastifyPluginAsync {
  return async (app) => {
    const tags = ['development']
    if (sinks.mailbox) {
      const mailbox = sinks.mailbox
      app.get('/dev/mailbox', { schema: { tags, hide: true } }, async (_request, reply) => {
        const messages = [...mailbox.messages()].reverse()
        const body = messages.length
          ? messages
              .map(
                (m) => `<article data-message-id="${escape(m.messageId)}"><strong>${escape(m.subject)}</strong>
<div class="meta">${escape(m.from)} → ${escape(m.to)} · ${m.receivedAt.toISOString()}</div><pre>${escape(m.text)}</pre></article>`,
              )
              .join('\n')
          : '<p>No email yet.</p>'
        return reply.type('text/html; charset=utf-8').send(page(`Dev mailbox (${messages.length})`, body))
      })
    }
    if (sinks.smsSink) {
      const sink = sinks.smsSink
      app.get('/dev/sms', { schema: { tags, hide: true } }, async (_request, reply) => {
        const messages = [...sink.messages()].reverse()
        const body = messages.length
          ? messages
              .map(
                (m) => `<article><strong>${escape(m.from)}</strong> → ${escape(m.to)}
<div class="meta">${m.receivedAt.toISOString()}</div><pre>${escape(m.text)}</pre></article>`,
              )
              .join('\n')
          : '<p>No SMS yet.</p>'
        return reply.type('text/html; charset=utf-8').send(page(`Dev SMS sink (${messages.length})`, body))
      })
    }
  }
}
