import { analyzeDocument, createNlp } from '../src/nlp/index.ts';
const nlp = createNlp();
const pub = process.argv[2] ?? '2025-12-18';
const xs = process.argv.slice(3);
for (const x of xs) { const a = analyzeDocument({id:'x',published_at:pub,text:x} as any, nlp); for (const s of a.sentences) for (const d of s.dates) console.log(x.slice(0,50).padEnd(52), JSON.stringify([d.text,d.date,d.end_date,d.precision,d.kind])); }
