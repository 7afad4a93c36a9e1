// Plain text and Markdown articles. Metadata may come first, either as header lines
// (`Title:`, `Date:`, `Source:`, `URL:` up to the first blank line) or as a `---` front-matter
// block with the same keys. Without a title, the first line (or first Markdown heading) is the title.

export interface ParsedText {
  readonly title?: string;
  readonly date?: string;
  readonly source?: string;
  readonly url?: string;
  readonly id?: string;
  readonly body: string;
}

const HEADER = /^(title|headline|date|published|published_at|pubdate|source|outlet|url|link|id)\s*:\s*(.*)$/i;

const KEY_ALIASES: Record<string, keyof Omit<ParsedText, 'body'>> = {
  title: 'title',
  headline: 'title',
  date: 'date',
  published: 'date',
  published_at: 'date',
  pubdate: 'date',
  source: 'source',
  outlet: 'source',
  url: 'url',
  link: 'url',
  id: 'id',
};

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && ((t[0] === '"' && t.endsWith('"')) || (t[0] === "'" && t.endsWith("'"))))
    return t.slice(1, -1);
  return t;
}

function readMeta(lines: readonly string[], meta: Record<string, string>): boolean {
  let any = false;
  for (const line of lines) {
    const m = HEADER.exec(line.trim());
    if (!m) continue;
    const key = KEY_ALIASES[m[1].toLowerCase()];
    const value = unquote(m[2]);
    if (key && value && meta[key] === undefined) {
      meta[key] = value;
      any = true;
    }
  }
  return any;
}

/** Split off a header block or front matter; the rest is the body. */
function splitMetadata(text: string): { meta: Record<string, string>; body: string } {
  const meta: Record<string, string> = {};
  const normalized = text.replace(/\r\n?/g, '\n');
  const fm = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(normalized);
  if (fm) {
    readMeta(fm[1].split('\n'), meta);
    return { meta, body: normalized.slice(fm[0].length) };
  }
  const lines = normalized.split('\n');
  if (lines.length > 0 && HEADER.test(lines[0].trim())) {
    let i = 0;
    while (i < lines.length && lines[i].trim() !== '' && HEADER.test(lines[i].trim())) i++;
    // a header block ends at a blank line; otherwise it was prose that happened to start with "Date:"
    if (i < lines.length && lines[i].trim() === '') {
      readMeta(lines.slice(0, i), meta);
      return { meta, body: lines.slice(i + 1).join('\n') };
    }
  }
  return { meta, body: normalized };
}

/** Tidy a body: trailing spaces off every line, at most one blank line in a row, trimmed. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function firstLine(body: string): string | undefined {
  for (const line of body.split('\n')) {
    const t = line.trim();
    if (t) return t.length > 300 ? `${t.slice(0, 297)}...` : t;
  }
  return undefined;
}

export function parsePlainText(text: string): ParsedText {
  const { meta, body } = splitMetadata(text);
  const tidy = tidyText(body);
  return { ...meta, title: meta.title ?? firstLine(tidy), body: tidy };
}

/** Markdown to plain prose: headings, emphasis, links, images, code fences, quotes and list marks removed. */
export function markdownToText(md: string): string {
  return md
    .replace(/^```[^\n]*\n([\s\S]*?)^```[ \t]*$/gm, '$1')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/^\s*\[[^\]]+\]:\s+\S+.*$/gm, '')
    .replace(/^#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$/gm, '$1')
    .replace(/^(.+)\n[=-]{3,}[ \t]*$/gm, '$1')
    .replace(/^[ \t]*>[ \t]?/gm, '')
    .replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+/gm, '')
    .replace(/^[ \t]*(?:[-*_][ \t]*){3,}$/gm, '')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])([*_])(?=\S)([^*_\n]*?\S)\2(?![\w*])/g, '$1$3')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/<\/?[a-zA-Z][^>\n]*>/g, '');
}

export function parseMarkdown(text: string): ParsedText {
  const { meta, body } = splitMetadata(text);
  let title: string | undefined = meta.title;
  if (title === undefined) {
    const heading = /^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/m.exec(body);
    title = heading ? markdownToText(heading[1]).trim() : undefined;
  }
  const tidy = tidyText(markdownToText(body));
  return { ...meta, title: title ?? firstLine(tidy), body: tidy };
}
