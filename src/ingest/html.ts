// HTML pages to articles: linkedom parses, Readability finds the article, our own walker turns it
// into text with paragraph breaks. The publication date comes from the page's metadata.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { toIsoDate } from './dates.ts';
import { tidyText } from './text.ts';

export interface HtmlArticle {
  readonly title?: string;
  readonly text: string;
  readonly date?: string;
  readonly source?: string;
  readonly url?: string;
}

const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BR',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TD',
  'TH',
  'TR',
  'UL',
]);
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'SVG',
  'CANVAS',
  'OBJECT',
  'EMBED',
  'HEAD',
  'BUTTON',
  'SELECT',
  'TEXTAREA',
  'INPUT',
]);
/** Elements whose content is never visible text, removed before Readability reads the page. */
const NOT_TEXT_SELECTOR = 'template, textarea, iframe, object, embed, select, button, svg, canvas, input';
const SKIP_IN_FALLBACK = new Set(['NAV', 'FOOTER', 'ASIDE', 'HEADER', 'FORM']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

const MAX_DEPTH = 500;

/** Visible text of a DOM subtree, one paragraph per block element. */
export function nodeText(root: DomNode, fallback = false): string {
  const blocks: string[] = [];
  let current = '';
  const flush = () => {
    const t = current.replace(/\s+/g, ' ').trim();
    if (t) blocks.push(t);
    current = '';
  };
  // iterative walk: deeply nested markup must not overflow the stack
  const stack: { node: DomNode; depth: number; exit?: boolean }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth, exit } = stack.pop()!;
    if (exit) {
      flush();
      continue;
    }
    if (node.nodeType === 3) {
      current += node.textContent ?? '';
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) continue;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name) || (fallback && SKIP_IN_FALLBACK.has(name))) continue;
    const block = BLOCK.has(name);
    if (block) {
      flush();
      stack.push({ node, depth, exit: true });
    }
    if (depth >= MAX_DEPTH) {
      current += ` ${node.textContent ?? ''}`;
      continue;
    }
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], depth: depth + 1 });
  }
  flush();
  return blocks.join('\n\n');
}

/** Text of an HTML fragment (feed item content, descriptions). */
export function htmlFragmentToText(html: string): string {
  if (!/[<&]/.test(html)) return tidyText(html);
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  return tidyText(nodeText(document.body as unknown as DomNode));
}

interface MetaSource {
  querySelectorAll(
    selector: string,
  ): ArrayLike<{ getAttribute(name: string): string | null; textContent: string | null }>;
  querySelector(
    selector: string,
  ): { getAttribute(name: string): string | null; textContent: string | null } | null;
}

const DATE_META = [
  'article:published_time',
  'og:published_time',
  'og:article:published_time',
  'datepublished',
  'date',
  'pubdate',
  'publishdate',
  'publish-date',
  'publication_date',
  'sailthru.date',
  'dc.date.issued',
  'dc.date',
  'dcterms.created',
  'dcterms.date',
  'parsely-pub-date',
];

function metaContent(doc: MetaSource): Map<string, string> {
  const out = new Map<string, string>();
  const metas = doc.querySelectorAll('meta');
  for (let i = 0; i < metas.length; i++) {
    const m = metas[i];
    const key = (
      m.getAttribute('property') ??
      m.getAttribute('name') ??
      m.getAttribute('itemprop') ??
      ''
    ).toLowerCase();
    const content = m.getAttribute('content');
    if (key && content && !out.has(key)) out.set(key, content.trim());
  }
  return out;
}

function jsonLdDates(doc: MetaSource): string[] {
  const out: string[] = [];
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  const visit = (v: unknown, depth: number) => {
    if (depth > 8 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.datePublished === 'string') out.push(o.datePublished);
    if (typeof o.dateCreated === 'string') out.push(o.dateCreated);
    if (o['@graph']) visit(o['@graph'], depth + 1);
  };
  for (let i = 0; i < scripts.length; i++) {
    try {
      visit(JSON.parse(scripts[i].textContent ?? ''), 0);
    } catch {
      // malformed JSON-LD is common; ignore it
    }
  }
  return out;
}

/** The page's publication date from its metadata, or undefined. */
export function htmlPublicationDate(doc: MetaSource): string | undefined {
  const meta = metaContent(doc);
  for (const key of DATE_META) {
    const d = toIsoDate(meta.get(key));
    if (d) return d;
  }
  for (const raw of jsonLdDates(doc)) {
    const d = toIsoDate(raw);
    if (d) return d;
  }
  const time = doc.querySelector('time[datetime]');
  const d = toIsoDate(time?.getAttribute('datetime') ?? undefined);
  return d ?? undefined;
}

/** Element nesting beyond which Readability is not run (real articles stay far below 100). */
const MAX_READABILITY_DEPTH = 200;

/** True when some element lies more than `limit` levels below `root` (iterative, stops early). */
export function deeperThan(root: DomNode, limit: number): boolean {
  const stack: { node: DomNode; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > limit) return true;
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++)
      if (children[i].nodeType === 1) stack.push({ node: children[i], depth: depth + 1 });
  }
  return false;
}

/** Every comment below `root` (iterative: the tree may be deep). */
function commentsBelow(root: DomNode): (DomNode & { remove(): void })[] {
  const out: (DomNode & { remove(): void })[] = [];
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const children = stack.pop()!.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child.nodeType === COMMENT_NODE) out.push(child as DomNode & { remove(): void });
      else if (child.nodeType === 1) stack.push(child);
    }
  }
  return out;
}

const COMMENT_NODE = 8;

/** Extract the article of an HTML page. The text is '' when the page has none. */
export function htmlToArticle(html: string): HtmlArticle {
  let { document } = parseHTML(html);
  // linkedom builds no root element from a string without markup (text only, blank, a lone
  // comment), and its getters then throw: read such a string as the body of a page
  if (!document.documentElement)
    ({ document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`));
  const doc = document as unknown as MetaSource & {
    title?: string;
    body?: DomNode | null;
    documentElement?: DomNode | null;
  };
  if (!doc.documentElement) return { text: '' };
  const meta = metaContent(doc);
  const date = htmlPublicationDate(doc);
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta.get('og:url');
  const siteName = meta.get('og:site_name') ?? meta.get('application-name');
  const headTitle = meta.get('og:title') ?? (doc.title || undefined);
  // the fallback text is taken before Readability rewrites the document
  // a fragment without <html><body> has an empty body (linkedom adds one): its root element holds the text
  let fallback = doc.body ? tidyText(nodeText(doc.body, true)) : '';
  if (!fallback && doc.documentElement) fallback = tidyText(nodeText(doc.documentElement, true));
  let text = '';
  let title = headTitle;
  try {
    // Readability recurses and rescans ancestors: on deeply nested markup it is quadratic or
    // overflows the stack, so such pages keep the fallback text
    if (doc.body && deeperThan(doc.body, MAX_READABILITY_DEPTH)) throw new Error('nested too deeply');
    // Readability takes a title from a heading's textContent, which includes the text of
    // templates, form fields, frames and SVG inside it: drop those first (it removes scripts,
    // styles and noscript itself, and reads JSON-LD scripts for metadata)
    const hidden = doc.querySelectorAll(NOT_TEXT_SELECTOR) as unknown as ArrayLike<{ remove(): void }>;
    for (const el of Array.from(hidden)) el.remove();
    // Readability saves and restores the page through innerHTML between attempts; a comment whose
    // text holds "-->" (a CDATA section in HTML becomes one) does not survive that round trip, and
    // the page it re-reads differs each time: it never finished. Comments are never text anyway.
    for (const comment of commentsBelow(doc.documentElement)) comment.remove();
    const article = new Readability(document as never, { charThreshold: 200 }).parse();
    if (article?.content) {
      const { document: fragment } = parseHTML(
        `<!doctype html><html><head></head><body>${article.content}</body></html>`,
      );
      text = tidyText(nodeText(fragment.body as unknown as DomNode));
      title = article.title || title;
    }
  } catch {
    text = '';
  }
  // Readability keeps the largest block; for short pages the whole body text can be better
  if (text.length < 0.5 * fallback.length && fallback.length < 20_000) text = fallback;
  return {
    ...(title ? { title: title.replace(/\s+/g, ' ').trim() } : {}),
    text,
    ...(date ? { date } : {}),
    ...(siteName ? { source: siteName } : {}),
    ...(canonical ? { url: canonical } : {}),
  };
}
