import { readFileSync } from 'node:fs';
import * as chrono from 'chrono-node';
import { analyzeDocument, createNlp } from '../src/nlp/index.ts';
const text = readFileSync(process.argv[2],'utf8');
const nlp = createNlp();
const orig = chrono.parse;
const docs = process.argv[2].endsWith('jsonl') ? text.split('\n').filter(Boolean).slice(0,3000).map(l=>JSON.parse(l)).map((a:any)=>({id:a.id,published_at:a.date??'2005-01-01',text:a.text})) : [{id:'x',published_at:'2025-12-18',text}];
let n=0;
for (const d of docs) { const a = analyzeDocument(d as any, nlp); for (const s of a.sentences) { n++; if (process.env.SHOW) for (const x of s.dates) console.log(JSON.stringify([x.text,x.date,x.end_date,x.precision,x.kind]), '<<', s.text.slice(0,140)); } }
console.log(n);
