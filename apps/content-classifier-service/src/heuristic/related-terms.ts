import { tokenize } from '@emm/jd';

/**
 * Everyday words that point to a topic a JD structure is likely to name.
 * People write "jabs", "tbsp" or "landlord" in their documents and
 * "Vaccinations", "Recipes" or "Housing" in their structure; the scorer only
 * sees the structure's words, so a document that never says the topic word
 * is lost without this bridge. When a document uses two or more different
 * cues of a topic, the topic's words are added to what the scorer reads.
 *
 * Cues are chosen to be specific (a cue that is common in other topics costs
 * accuracy everywhere); the topic words are the plain words people use for
 * category names. Matching is by stem, so "invoices" hits "invoice".
 */
export const RELATED_TERMS: ReadonlyArray<{ topic: readonly string[]; cues: readonly string[] }> = [
  // Money
  { topic: ['bank', 'account'], cues: ['sort code', 'account number', 'overdraft', 'standing order', 'online banking', 'current account', 'cash machine', 'atm', 'branch', 'interest paid', 'card ending'] },
  { topic: ['invoice'], cues: ['payment terms', 'total payable', 'subtotal', 'amount payable', 'remittance', 'vat reg', 'late payment', 'quoting', 'billing address'] },
  { topic: ['receipt'], cues: ['till', 'proof of purchase', 'returns accepted', 'thank you for shopping', 'guarantee', 'serial', 'store', 'purchase'] },
  { topic: ['subscription'], cues: ['renews', 'renew automatically', 'automatic renewal', 'membership', 'billing period', 'cancel anytime', 'free trial', 'switch plan'] },
  { topic: ['tax'], cues: ['hmrc', 'irs', 'paye', 'self assessment', 'personal allowance', 'gift aid', 'utr', 'income tax', 'tax code', 'tax adviser', 'filing', 'liability', 'allowance', 'tax-free'] },
  { topic: ['insurance'], cues: ['policyholder', 'premium', 'excess', 'insurer', 'loss adjuster', 'comprehensive', 'underwriter', 'cover', 'covered', 'named drivers', 'renewal invitation', 'claim'] },
  { topic: ['investment', 'portfolio'], cues: ['isa', 'etf', 'dividend', 'shares', 'fund', 'equities', 'bonds', 'stocks', 'valuation', 'asset allocation', 'rebalance', 'msci', 'ftse', 'emerging markets', 'dealing charge', 'platform fee', 'holding'] },
  { topic: ['pension', 'retirement'], cues: ['pension pot', 'annuity', 'state pension', 'drawdown', 'retirement age', 'scheme', 'member', 'contributions'] },
  { topic: ['payslip', 'salary'], cues: ['gross pay', 'net pay', 'tax code', 'ni number', 'national insurance', 'pay date', 'deductions', 'year to date', 'p45', 'payroll', 'bacs', 'overtime', 'pay period', 'employer'] },
  // Home and life
  { topic: ['housing', 'rent'], cues: ['landlord', 'tenant', 'tenancy', 'letting agent', 'deposit protection', 'council tax', 'freehold', 'leasehold', 'estate agent', 'flat', 'sublet', 'lodger'] },
  { topic: ['repair'], cues: ['plumber', 'electrician', 'leak', 'leaking', 'boiler', 'damp', 'tiles', 'grout', 'plaster', 'plasterboard', 'ceiling', 'roof', 'gutter', 'handyman', 'joiner', 'builder', 'floorboards', 'silicone'] },
  { topic: ['moving'], cues: ['removals', 'removal van', 'change of address', 'redirection', 'new address', 'boxes', 'packing', 'keys', 'move'] },
  { topic: ['energy', 'utility'], cues: ['kwh', 'meter', 'standing charge', 'tariff', 'unit rate', 'supplier', 'electricity', 'gas', 'heating oil', 'smart meter', 'units used'] },
  { topic: ['internet'], cues: ['broadband', 'router', 'wi-fi', 'wifi', 'fibre', 'mbps', 'sim', 'landline', 'download speed', 'engineer visit'] },
  { topic: ['car', 'vehicle'], cues: ['mot', 'v5c', 'dvla', 'logbook', 'mileage', 'odometer', 'tyres', 'brake pads', 'oil change', 'service history', 'road tax', 'keeper', 'engine', 'miles', 'spare key'] },
  { topic: ['medical', 'health'], cues: ['gp', 'doctor', 'nurse', 'dental', 'dentist', 'tooth', 'teeth', 'surgery', 'clinic', 'consultant', 'blood test', 'bloods', 'hba1c', 'cholesterol', 'referral', 'diagnosis', 'symptoms', 'hospital', 'nhs', 'practice nurse', 'results'] },
  { topic: ['medication', 'prescription'], cues: ['mg', 'tablet', 'tablets', 'capsule', 'dose', 'dosage', 'pharmacy', 'pharmacist', 'chemist', 'side effects', 'blood thinner'] },
  { topic: ['vaccination'], cues: ['jab', 'jabs', 'vaccine', 'vaccinated', 'booster', 'hepatitis', 'tetanus', 'typhoid', 'rabies', 'measles', 'polio', 'immunisation', 'immunization', 'travel clinic', 'encephalitis', 'dose'] },
  { topic: ['recipe', 'cook'], cues: ['preheat', 'stir', 'whisk', 'chopped', 'sliced', 'diced', 'simmer', 'fry', 'knead', 'season', 'garnish', 'oven', 'tbsp', 'tsp', 'pinch', 'serves', 'bake', 'roast', 'flour', 'salt'] },
  { topic: ['meal plan'], cues: ['meal plan', 'shopping list', 'leftover', 'leftovers', 'dinners', 'lunches', 'batch cook', 'freeze', 'freezer'] },
  { topic: ['travel', 'trip'], cues: ['flight', 'departure', 'arrival', 'boarding', 'gate', 'terminal', 'luggage', 'baggage', 'hotel', 'airport', 'booking reference', 'reservation', 'city tax', 'metro', 'tram', 'sightseeing', 'museum', 'passengers'] },
  // Work
  { topic: ['meeting'], cues: ['attendees', 'apologies', 'agenda', 'minutes', 'action items', 'next meeting', 'sync', 'standup', 'discussion', 'follow-ups', '1:1', 'retro'] },
  { topic: ['one-on-one'], cues: ['1:1', 'one-on-one', 'career', 'growth', 'feedback', 'mentoring', 'follow-ups'] },
  { topic: ['retrospective'], cues: ['retro', 'went well', 'start stop continue', 'lessons learned'] },
  { topic: ['project'], cues: ['milestone', 'milestones', 'deliverables', 'stakeholders', 'sponsor', 'phase', 'phases', 'risks', 'mitigation', 'kickoff', 'launch', 'rollout', 'owner'] },
  { topic: ['design', 'decision'], cues: ['adr', 'architecture decision', 'options considered', 'consequences', 'trade-offs', 'tradeoffs', 'rfc', 'accepted', 'deciders', 'status proposed', 'alternatives'] },
  { topic: ['employment contract'], cues: ['job offer', 'offer of employment', 'probation', 'start date', 'notice period', 'right to work', 'references', 'holiday entitlement', 'place of work'] },
  { topic: ['leave'], cues: ['maternity', 'paternity', 'parental leave', 'annual leave', 'holiday days', 'sick', 'absence', 'handover'] },
  { topic: ['performance review'], cues: ['objectives', 'achieved', 'exceeded', 'rating', 'promotion', 'appraisal', 'mid-year', 'strengths'] },
  { topic: ['report', 'status'], cues: ['amber', 'blockers', 'kpi', 'weekly update', 'rag status', 'overall status'] },
  { topic: ['presentation'], cues: ['slide', 'slides', 'deck', 'keynote', 'powerpoint', 'speaker notes', 'dry run', 'rehearse', 'audience'] },
  { topic: ['runbook', 'process'], cues: ['runbook', 'playbook', 'escalate', 'rollback', 'failover', 'procedure', 'maintenance mode', 'kubectl'] },
  { topic: ['postmortem', 'incident'], cues: ['postmortem', 'post-mortem', 'outage', 'root cause', 'impact', 'blameless', 'detection', 'rollback', 'alert fires', 'duration'] },
  // Learning and reference
  { topic: ['programming', 'code'], cues: ['kubectl', 'pods', 'container', 'heap', 'stack overflow', 'function', 'compile', 'compiler', 'refactor', 'repository', 'commit', 'pull request', 'npm', 'pip', 'coroutine', 'async', 'await', 'regex', 'stack trace', 'variable', 'syntax', 'debugger', 'unit test', 'typescript', 'javascript', 'python', 'sql', 'query', 'branch', 'rebase'] },
  { topic: ['article'], cues: ['blog', 'post', 'newsletter', 'subscribe', 'op-ed', 'column', 'editor', 'published', 'writes'] },
  { topic: ['science', 'research'], cues: ['researchers', 'scientists', 'study', 'peer-reviewed', 'experiment', 'species', 'genome', 'genes', 'climate', 'physics', 'biology', 'ecosystem', 'paper'] },
  { topic: ['book', 'reading'], cues: ['novel', 'author', 'chapter', 'chapters', 'paperback', 'hardback', 'kindle', 'audiobook', 'library', 'fiction', 'non-fiction', 'memoir', 'highlights', 'read'] },
  { topic: ['course'], cues: ['lecture', 'lectures', 'quiz', 'assignment', 'graded', 'lab', 'syllabus', 'instructor', 'instructors', 'enrolled', 'mooc', 'coursera', 'udemy', 'edx', 'specialization', 'hands-on labs', 'week'] },
  { topic: ['manual', 'instructions'], cues: ['troubleshooting', 'error code', 'model number', 'user manual', 'press and hold', 'reset', 'firmware', 'setup', 'install', 'appliance', 'led', 'button', 'getting started'] },
  // Hobbies and personal
  { topic: ['photography'], cues: ['aperture', 'shutter', 'iso', 'focal length', 'exposure', 'raw', 'lightroom', 'tripod', 'lens', 'bokeh', 'sensor', 'white balance', 'dslr', 'mirrorless', 'frames', 'shot'] },
  { topic: ['music'], cues: ['chords', 'capo', 'strumming', 'verse', 'chorus', 'tempo', 'bpm', 'metronome', 'scales', 'arpeggio', 'melody', 'rehearsal', 'gig', 'setlist', 'fret', 'tabs', 'fingering', 'sight-reading'] },
  { topic: ['gardening', 'garden'], cues: ['sow', 'sowing', 'seedlings', 'compost', 'mulch', 'greenhouse', 'allotment', 'frost', 'harvest', 'prune', 'weeds', 'pests', 'aphids', 'veg plot', 'raised bed', 'potting', 'perennial', 'grow bags', 'windowsill'] },
  { topic: ['fitness', 'training'], cues: ['pace', 'tempo', 'intervals', 'long run', 'reps', 'squats', 'pb', 'personal best', 'marathon', '10k', '5k', 'parkrun', 'heart rate', 'strava', 'km', 'lunges', 'planks', 'chip time'] },
  { topic: ['journal'], cues: ['grateful', 'gratitude', 'mood', 'diary', 'reflection', 'feel', 'felt', 'noticed', 'myself'] },
  { topic: ['goals'], cues: ['resolutions', 'next year', 'new year', 'habits', 'intentions', 'looking back'] },
  // Personal admin
  { topic: ['passport', 'identity'], cues: ['passport', 'id card', 'driving licence', 'countersignatory', 'residence permit', 'nationality', 'citizenship', 'biometric', 'expires'] },
  { topic: ['civil', 'certificate'], cues: ['birth certificate', 'marriage certificate', 'death certificate', 'register office', 'registrar', 'certified copy', 'apostille', 'registration district', 'entry'] },
  { topic: ['education', 'school'], cues: ['pupil', 'teacher', 'headteacher', 'grades', 'transcript', 'credits', 'semester', 'degree', 'diploma', 'graduation', 'student', 'gpa', 'attainment', 'class', 'honours', 'dissertation'] },
  { topic: ['official', 'authority'], cues: ['council', 'municipality', 'city hall', 'electoral register', 'register to vote', 'jury', 'summons', 'government', 'ministry', 'department', 'registration office', 'polling station'] },
  { topic: ['fine', 'legal'], cues: ['penalty', 'penalty charge', 'court', 'summons', 'appeal', 'solicitor', 'lawyer', 'tribunal', 'contravention', 'offence', 'enforcement', 'notice to owner', 'juror'] },
];

/** Two different cues make a topic; one could be a coincidence. */
const MIN_DISTINCT_CUES = 2;
/** Repeating a topic word helps less and less (the scorer saturates); three is plenty. */
const MAX_REPEATS = 3;

interface CompiledCue {
  topic: number;
  cue: number;
  terms: string[];
}

/** Cues by their first term, so a document is walked once whatever the size of the lexicon. */
const cuesByFirstTerm = new Map<string, CompiledCue[]>();
RELATED_TERMS.forEach(({ cues }, topic) => {
  cues.forEach((cueText, cue) => {
    const terms = tokenize(cueText);
    // A phrase that loses its other words to stop words ("check-in" → "check", "on track" → "track") is no longer specific.
    const words = cueText.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
    if (terms.length === 0 || (terms.length === 1 && words.length > 1)) return;
    const list = cuesByFirstTerm.get(terms[0]);
    if (list === undefined) cuesByFirstTerm.set(terms[0], [{ topic, cue, terms }]);
    else list.push({ topic, cue, terms });
  });
});

/**
 * Topic words implied by `terms` (a document's stemmed tokens, as
 * `tokenize` gives them), each repeated by how many different cues pointed to
 * it (capped), e.g. `['vaccination', 'vaccination', 'vaccination']`.
 */
export function relatedTopicWords(terms: readonly string[]): string[] {
  const cuesSeen = RELATED_TERMS.map(() => new Set<number>());
  terms.forEach((term, position) => {
    for (const candidate of cuesByFirstTerm.get(term) ?? []) {
      if (candidate.terms.length === 1 || phraseAt(terms, position, candidate.terms)) cuesSeen[candidate.topic].add(candidate.cue);
    }
  });
  const words: string[] = [];
  cuesSeen.forEach((seen, topic) => {
    if (seen.size < MIN_DISTINCT_CUES) return;
    const repeats = Math.min(MAX_REPEATS, seen.size - MIN_DISTINCT_CUES + 1);
    for (let i = 0; i < repeats; i++) words.push(...RELATED_TERMS[topic].topic);
  });
  return words;
}

function phraseAt(terms: readonly string[], position: number, phrase: readonly string[]): boolean {
  if (position + phrase.length > terms.length) return false;
  return phrase.every((term, offset) => terms[position + offset] === term);
}
