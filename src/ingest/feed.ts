// RSS and Atom feeds: one article per item, its text from the item's content or description.
// Document type declarations are removed before parsing, so no entity (external or internal) is
// ever expanded.
import { parseFeed } from '@rowanmanning/feed-parser';
import { toIsoDate } from './dates.ts';
import { htmlFragmentToText } from './html.ts';
import { reject } from './reject.ts';

export interface FeedArticle {
  /** 1-based position in the feed, for error messages. */
  readonly index: number;
  readonly guid?: string;
  readonly title?: string;
  readonly text: string;
  readonly date?: string;
  readonly url?: string;
  readonly source?: string;
}

/** Remove `<!DOCTYPE ...>` including an internal subset with entity declarations. */
export function stripDoctype(xml: string): string {
  const start = xml.search(/<!DOCTYPE/i);
  if (start < 0) return xml;
  let i = start + 9;
  let depth = 0;
  for (; i < xml.length; i++) {
    const c = xml[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) break;
  }
  return xml.slice(0, start) + xml.slice(i + 1);
}

export function parseFeedArticles(xml: string): FeedArticle[] {
  // biome-ignore lint/suspicious/noExplicitAny: the parser's item type
  let feed: any;
  try {
    feed = parseFeed(stripDoctype(xml));
  } catch (error) {
    reject(`not a valid RSS or Atom feed: ${(error as Error).message.split('\n')[0]}`);
  }
  const source: string | undefined = feed.title ?? undefined;
  const out: FeedArticle[] = [];
  feed.items.forEach(
    // biome-ignore lint/suspicious/noExplicitAny: the parser's item type
    (item: any, i: number) => {
      const html: string = item.content ?? item.description ?? '';
      // an item without its own date gets none (a feed's build date is not the article's)
      const date = toIsoDate(item.published ?? item.updated ?? undefined) ?? undefined;
      out.push({
        index: i + 1,
        ...(item.id ? { guid: String(item.id) } : {}),
        ...(item.title ? { title: htmlFragmentToText(String(item.title)) } : {}),
        text: htmlFragmentToText(html),
        ...(date ? { date } : {}),
        ...(item.url ? { url: String(item.url) } : {}),
        ...(source ? { source } : {}),
      });
    },
  );
  return out;
}
