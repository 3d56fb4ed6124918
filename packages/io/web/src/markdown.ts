/**
 * The little markdown IO's certificate texts use, made safe: everything is HTML-escaped first, then `# heading`,
 * paragraphs (blank lines), line breaks, `**bold**` and links. `iohandledlink://copy:X` becomes a copy button for X
 * (issuance-and-io.md §2.6); only http(s) links become links, anything else stays text.
 */
export function renderMarkdown(markdown: string): string {
  return markdown
    .trim()
    .split(/\n{2,}/)
    .map((block) => {
      const heading = /^#{1,3} (.*)$/.exec(block)
      if (heading) return `<h2>${inline(heading[1] ?? '')}</h2>`
      return `<p>${block.split('\n').map(inline).join('<br>')}</p>`
    })
    .join('')
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function inline(text: string): string {
  return escape(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_all, label: string, url: string) => {
      const copy = /^iohandledlink:\/\/copy:(.+)$/.exec(url)
      if (copy) return `<button type="button" class="copy" data-copy="${copy[1]}">${label}</button>`
      if (/^https?:\/\//.test(url)) return `<a href="${url}" target="_blank" rel="noopener">${label}</a>`
      return label
    })
}
