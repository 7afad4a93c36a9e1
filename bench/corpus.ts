// A deterministic generator of realistic news-style articles for benchmarks and scale tests.
// The sentences are built from our own templates; the same seed always gives the same corpus.

export interface GeneratedArticle {
  id: string;
  date: string;
  title: string;
  source: string;
  url: string;
  text: string;
}

interface State {
  name: string;
  adjective: string;
  capital: string;
  leaderTitle: string;
  leader: string;
  minister: string;
}

const STATES: State[] = [
  {
    name: 'Iran',
    adjective: 'Iranian',
    capital: 'Tehran',
    leaderTitle: 'President',
    leader: 'Masoud Pezeshkian',
    minister: 'Abbas Araghchi',
  },
  {
    name: 'Russia',
    adjective: 'Russian',
    capital: 'Moscow',
    leaderTitle: 'President',
    leader: 'Vladimir Putin',
    minister: 'Sergei Lavrov',
  },
  {
    name: 'China',
    adjective: 'Chinese',
    capital: 'Beijing',
    leaderTitle: 'President',
    leader: 'Xi Jinping',
    minister: 'Wang Yi',
  },
  {
    name: 'India',
    adjective: 'Indian',
    capital: 'New Delhi',
    leaderTitle: 'Prime Minister',
    leader: 'Narendra Modi',
    minister: 'Subrahmanyam Jaishankar',
  },
  {
    name: 'Turkey',
    adjective: 'Turkish',
    capital: 'Ankara',
    leaderTitle: 'President',
    leader: 'Recep Tayyip Erdogan',
    minister: 'Hakan Fidan',
  },
  {
    name: 'France',
    adjective: 'French',
    capital: 'Paris',
    leaderTitle: 'President',
    leader: 'Emmanuel Macron',
    minister: 'Jean-Noel Barrot',
  },
  {
    name: 'Germany',
    adjective: 'German',
    capital: 'Berlin',
    leaderTitle: 'Chancellor',
    leader: 'Friedrich Merz',
    minister: 'Johann Wadephul',
  },
  {
    name: 'Japan',
    adjective: 'Japanese',
    capital: 'Tokyo',
    leaderTitle: 'Prime Minister',
    leader: 'Shigeru Ishiba',
    minister: 'Takeshi Iwaya',
  },
  {
    name: 'Brazil',
    adjective: 'Brazilian',
    capital: 'Brasilia',
    leaderTitle: 'President',
    leader: 'Luiz Inacio Lula da Silva',
    minister: 'Mauro Vieira',
  },
  {
    name: 'Egypt',
    adjective: 'Egyptian',
    capital: 'Cairo',
    leaderTitle: 'President',
    leader: 'Abdel Fattah el-Sisi',
    minister: 'Badr Abdelatty',
  },
  {
    name: 'Saudi Arabia',
    adjective: 'Saudi',
    capital: 'Riyadh',
    leaderTitle: 'Crown Prince',
    leader: 'Mohammed bin Salman',
    minister: 'Faisal bin Farhan',
  },
  {
    name: 'Pakistan',
    adjective: 'Pakistani',
    capital: 'Islamabad',
    leaderTitle: 'Prime Minister',
    leader: 'Shehbaz Sharif',
    minister: 'Ishaq Dar',
  },
  {
    name: 'Ukraine',
    adjective: 'Ukrainian',
    capital: 'Kyiv',
    leaderTitle: 'President',
    leader: 'Volodymyr Zelensky',
    minister: 'Andrii Sybiha',
  },
  {
    name: 'Poland',
    adjective: 'Polish',
    capital: 'Warsaw',
    leaderTitle: 'Prime Minister',
    leader: 'Donald Tusk',
    minister: 'Radoslaw Sikorski',
  },
  {
    name: 'Israel',
    adjective: 'Israeli',
    capital: 'Jerusalem',
    leaderTitle: 'Prime Minister',
    leader: 'Benjamin Netanyahu',
    minister: 'Gideon Saar',
  },
  {
    name: 'Qatar',
    adjective: 'Qatari',
    capital: 'Doha',
    leaderTitle: 'Emir',
    leader: 'Tamim bin Hamad Al Thani',
    minister: 'Mohammed bin Abdulrahman Al Thani',
  },
  {
    name: 'Hungary',
    adjective: 'Hungarian',
    capital: 'Budapest',
    leaderTitle: 'Prime Minister',
    leader: 'Viktor Orban',
    minister: 'Peter Szijjarto',
  },
  {
    name: 'Kazakhstan',
    adjective: 'Kazakh',
    capital: 'Astana',
    leaderTitle: 'President',
    leader: 'Kassym-Jomart Tokayev',
    minister: 'Murat Nurtleu',
  },
  {
    name: 'Ethiopia',
    adjective: 'Ethiopian',
    capital: 'Addis Ababa',
    leaderTitle: 'Prime Minister',
    leader: 'Abiy Ahmed',
    minister: 'Gedion Timothewos',
  },
  {
    name: 'Venezuela',
    adjective: 'Venezuelan',
    capital: 'Caracas',
    leaderTitle: 'President',
    leader: 'Nicolas Maduro',
    minister: 'Yvan Gil',
  },
];

const OUTLETS = [
  'The Meridian Wire',
  'Caspian Ledger',
  'Northgate Daily',
  'Harbour Post',
  'Continental Review',
  'Atlas Bulletin',
];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const TOPICS = [
  'energy cooperation',
  'regional security',
  'transport corridors',
  'the war in Ukraine',
  'nuclear talks',
  'grain exports',
  'border security',
  'banking links',
];
const METRICS = ['bilateral trade', 'exports', 'imports', 'investment'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

function pair(rng: Rng): [State, State] {
  const a = pick(rng, STATES);
  let b = pick(rng, STATES);
  while (b === a) b = pick(rng, STATES);
  return [a, b];
}

type Template = (a: State, b: State, rng: Rng, ctx: { year: number; month: number; day: number }) => string;

const TEMPLATES: Template[] = [
  (a, b, _r, c) =>
    `${a.adjective} Foreign Minister ${a.minister} arrived in ${b.capital} on ${MONTHS[c.month]} ${c.day}, ${c.year}, for an official visit.`,
  (_a, b, r) => `He held talks with his ${b.adjective} counterpart ${b.minister} on ${pick(r, TOPICS)}.`,
  (a, b) => `${a.name} and ${b.name} signed an agreement to expand cooperation in energy and transport.`,
  (a, b, r) =>
    `${a.leaderTitle} ${a.leader} said on ${pick(r, WEEKDAYS)} that ${a.name} would deepen its partnership with ${b.name}.`,
  (a, b) => `The ${a.adjective} government condemned the latest statements from ${b.capital} as provocative.`,
  (a, b) => `${a.name} imposed new sanctions on ${b.adjective} banks and energy companies.`,
  (a, _b, r, c) =>
    `${a.minister} announced that ${METRICS[Math.floor(r() * METRICS.length)]} between the two countries rose ${Math.floor(r() * 30) + 2} percent in the first ${Math.floor(r() * 8) + 3} months of ${c.year}.`,
  (a, b, r, c) =>
    `According to the ${a.adjective} customs office, exports to ${b.name} fell by ${Math.floor(r() * 20) + 1} percent in the second quarter of ${c.year}.`,
  (_a, _b, _r, c) =>
    `The next meeting of the joint economic commission is scheduled for ${MONTHS[(c.month + 2) % 12]} ${c.year + (c.month + 2 >= 12 ? 1 : 0)}.`,
  (a, b) => `${a.adjective} troops carried out an air strike near the border with ${b.name}, officials said.`,
  (a, b) =>
    `Protesters gathered outside the ${b.adjective} embassy in ${a.capital} to denounce the decision.`,
  (a, _b) => `"We will not accept pressure from anyone," ${a.minister} told reporters after the meeting.`,
  (a, b) =>
    `A ${a.adjective} analyst told the newspaper that ${a.name} and ${b.name} were forming an informal alliance.`,
  (a, b) => `${b.name} rejected the proposal and accused ${a.name} of interfering in its internal affairs.`,
  (_a, _b) => `Both sides agreed to keep close coordination within international organisations.`,
  (a, b) => `${a.name} sent humanitarian aid to ${b.name} after the floods.`,
  (a, b) => `The ${a.adjective} president will visit ${b.capital} next month, his office said.`,
  (_a, _b) =>
    `The ministers also discussed the situation in the Middle East and the security of shipping routes.`,
];

/** Generates `count` articles deterministically from `seed`. */
export function* generateArticles(count: number, seed = 42): Generator<GeneratedArticle> {
  const rng = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    const [a, b] = pair(rng);
    const year = 2024 + Math.floor(rng() * 3);
    const month = Math.floor(rng() * 12);
    const day = 1 + Math.floor(rng() * 28);
    const ctx = { year, month, day };
    const sentences: string[] = [];
    const n = 6 + Math.floor(rng() * 7);
    sentences.push(TEMPLATES[0](a, b, rng, ctx));
    for (let k = 1; k < n; k++) sentences.push(pick(rng, TEMPLATES)(a, b, rng, ctx));
    const paragraphs: string[] = [];
    for (let k = 0; k < sentences.length; k += 3) paragraphs.push(sentences.slice(k, k + 3).join(' '));
    const pubDay = Math.min(28, day + 1 + Math.floor(rng() * 2));
    const date = `${year}-${String(month + 1).padStart(2, '0')}-${String(pubDay).padStart(2, '0')}`;
    yield {
      id: `gen-${seed}-${i}`,
      date,
      title: `${a.name} and ${b.name}: ${pick(rng, TOPICS)} on the agenda`,
      source: pick(rng, OUTLETS),
      url: `https://example.org/generated/${seed}/${i}`,
      text: paragraphs.join('\n\n'),
    };
  }
}

// CLI: node --import tsx bench/corpus.ts COUNT [SEED] > corpus.jsonl
const invoked = process.argv[1]?.endsWith('corpus.ts');
if (invoked) {
  const count = Number(process.argv[2] ?? 1000);
  const seed = Number(process.argv[3] ?? 42);
  const out: string[] = [];
  for (const article of generateArticles(count, seed)) {
    out.push(JSON.stringify(article));
    if (out.length >= 1000) {
      process.stdout.write(`${out.join('\n')}\n`);
      out.length = 0;
    }
  }
  if (out.length) process.stdout.write(`${out.join('\n')}\n`);
}
