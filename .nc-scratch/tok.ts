import { analyzeDocument, createNlp } from '../src/nlp/index.ts';
const nlp = createNlp();
for (const x of process.argv.slice(3)) { const a = analyzeDocument({id:'x',published_at:process.argv[2],text:x} as any, nlp); for (const s of a.sentences){ console.log(s.tokens.map(t=>`${t.text}/${t.pos}/${t.lemma}`).join(' ')); for (const d of s.dates) console.log('  ', JSON.stringify(d)); } }
