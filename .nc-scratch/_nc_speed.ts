import { readFileSync } from 'node:fs';
import { analyzeDocument, createNlp } from '../src/nlp/index.ts';
const text = readFileSync('../shared/seed/iran-russia-bloc.txt','utf8');
const nlp = createNlp();
const docs = Array.from({length: 600}, (_, i) => ({id:String(i),published_at:'2025-12-18',text} as any));
for (const d of docs.slice(0,100)) analyzeDocument(d, nlp);
let n=0; const t=performance.now(); for (const d of docs) n += analyzeDocument(d, nlp).sentences.length; const s=(performance.now()-t)/1000;
console.log('sentences/s', Math.round(n/s));
