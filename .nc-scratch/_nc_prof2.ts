import { readFileSync } from 'node:fs';
import { analyzeDocument, createNlp } from '../src/nlp/index.ts';
import { findDates } from '../src/nlp/dates.ts';
const text = readFileSync('../shared/seed/iran-russia-bloc.txt','utf8');
const nlp = createNlp();
const a = analyzeDocument({id:'x',published_at:'2025-12-18',text} as any, nlp);
const sents = a.sentences;
for (let r=0;r<20;r++){ const t=performance.now(); for (let k=0;k<2000;k++) for (const s of sents) findDates(s.text, s.start, s.tokens, s.entities, {publishedAt:'2025-12-18'}); if (r%5==4) console.log('us/sent', ((performance.now()-t)*1000/(2000*sents.length)).toFixed(2)); }
