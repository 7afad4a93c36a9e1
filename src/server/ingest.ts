// POST /api/documents behind the scenes: posted JSON -> Document (the ingest stage's text
// cleaning and hashes) -> extraction pipeline -> store, with exact and near duplicates detected.
import { describeError } from '../errors.ts';
import { htmlToArticle } from '../ingest/html.ts';
import { makeDocument } from '../ingest/index.ts';
import { markdownToText, tidyText } from '../ingest/text.ts';
import type { Extractor } from '../pipeline.ts';
import type { Store } from '../store/index.ts';
import type { Document } from '../types.ts';
import type { IngestOutcome, Ingestor, PostedDocument } from './routes/documents.ts';

export function postedToDocument(p: PostedDocument): Document {
  const format = p.format ?? 'text';
  let text: string;
  let title = p.title;
  if (format === 'html') {
    const article = htmlToArticle(p.text);
    text = article.text;
    title ??= article.title;
  } else if (format === 'markdown') {
    text = tidyText(markdownToText(p.text));
  } else {
    text = tidyText(p.text);
  }
  return makeDocument({
    id: p.id,
    url: p.url,
    title,
    published_at: p.published_at,
    source: p.source ?? 'api',
    text,
    format: format === 'text' ? 'api' : format,
  });
}

/** An Ingestor over a store, building the (slow to load) extractor on first use. */
export function createIngestor(store: Store, makeExtractor: () => Extractor): Ingestor {
  let extractor: Extractor | undefined;
  return async (docs) => {
    extractor ??= makeExtractor();
    const results: IngestOutcome[] = [];
    for (const posted of docs) {
      let doc: Document;
      try {
        doc = postedToDocument(posted);
      } catch (error) {
        results.push({
          id: posted.id ?? null,
          status: 'rejected',
          events: 0,
          claims: 0,
          quotes: 0,
          reason: describeError(error),
        });
        continue;
      }
      const same = await store.findByContentHash(doc.content_hash);
      if (same) {
        results.push({ id: same.id, status: 'duplicate', events: 0, claims: 0, quotes: 0 });
        continue;
      }
      const near = await store.findNearDuplicate(doc.simhash);
      const extraction = extractor.extract(doc);
      const stored = await store.storeExtraction(extraction, { duplicateOf: near?.id ?? null });
      if (stored.status === 'id_conflict') {
        results.push({
          id: doc.id,
          status: 'rejected',
          events: 0,
          claims: 0,
          quotes: 0,
          reason: `another document with id '${doc.id}' is already stored`,
        });
        continue;
      }
      results.push({
        id: stored.docId,
        status: stored.status === 'duplicate' ? 'duplicate' : near ? 'near_duplicate' : 'stored',
        events: stored.events,
        claims: stored.claims,
        quotes: stored.quotes,
      });
    }
    return results;
  };
}
