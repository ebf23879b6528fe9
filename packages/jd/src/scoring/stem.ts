/**
 * The Porter (1980) suffix stripper, so that `statements`, `statement` and
 * `banking`/`bank` meet. Only the conflation matters: keywords and text go
 * through the same function. Words with anything but a–z are left alone.
 */

const STEP2: Record<string, string> = {
  ational: 'ate',
  tional: 'tion',
  enci: 'ence',
  anci: 'ance',
  izer: 'ize',
  bli: 'ble',
  alli: 'al',
  entli: 'ent',
  eli: 'e',
  ousli: 'ous',
  ization: 'ize',
  ation: 'ate',
  ator: 'ate',
  alism: 'al',
  iveness: 'ive',
  fulness: 'ful',
  ousness: 'ous',
  aliti: 'al',
  iviti: 'ive',
  biliti: 'ble',
  logi: 'log',
};

const STEP3: Record<string, string> = {
  icate: 'ic',
  ative: '',
  alize: 'al',
  iciti: 'ic',
  ical: 'ic',
  ful: '',
  ness: '',
};

// Consonant/vowel sequences; m() of Porter's paper is expressed by these patterns.
const c = '[^aeiou]';
const v = '[aeiouy]';
const C = `${c}[^aeiouy]*`;
const V = `${v}[aeiou]*`;
const M_GT_0 = new RegExp(`^(${C})?${V}${C}`);
const M_EQ_1 = new RegExp(`^(${C})?${V}${C}(${V})?$`);
const M_GT_1 = new RegExp(`^(${C})?${V}${C}${V}${C}`);
const HAS_VOWEL = new RegExp(`^(${C})?${v}`);
const ENDS_CVC = new RegExp(`^${C}${v}[^aeiouwxy]$`);
const DOUBLE_CONSONANT = /([^aeiouylsz])\1$/;

const STEP2_PATTERN = new RegExp(`^(.+?)(${Object.keys(STEP2).join('|')})$`);
const STEP3_PATTERN = new RegExp(`^(.+?)(${Object.keys(STEP3).join('|')})$`);
const STEP4_PATTERN = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;

export function porterStem(word: string): string {
  if (word.length < 3 || !/^[a-z]+$/.test(word)) return word;
  // A leading y is a consonant; mark it so the vowel patterns skip it.
  const leadingY = word.startsWith('y');
  let w = leadingY ? `Y${word.slice(1)}` : word;

  // Step 1a: plurals.
  if (/^(.+?)(ss|i)es$/.test(w)) w = w.replace(/^(.+?)(ss|i)es$/, '$1$2');
  else if (/^(.+?)([^s])s$/.test(w)) w = w.replace(/^(.+?)([^s])s$/, '$1$2');

  // Step 1b: -eed, -ed, -ing.
  let match = /^(.+?)eed$/.exec(w);
  if (match) {
    if (M_GT_0.test(match[1])) w = w.slice(0, -1);
  } else if ((match = /^(.+?)(ed|ing)$/.exec(w)) && HAS_VOWEL.test(match[1])) {
    w = match[1];
    if (/(at|bl|iz)$/.test(w)) w += 'e';
    else if (DOUBLE_CONSONANT.test(w)) w = w.slice(0, -1);
    else if (ENDS_CVC.test(w)) w += 'e';
  }

  // Step 1c: y → i after a vowel-bearing stem.
  if ((match = /^(.+?)y$/.exec(w)) && HAS_VOWEL.test(match[1])) w = `${match[1]}i`;

  if ((match = STEP2_PATTERN.exec(w)) && M_GT_0.test(match[1])) w = match[1] + STEP2[match[2]];
  if ((match = STEP3_PATTERN.exec(w)) && M_GT_0.test(match[1])) w = match[1] + STEP3[match[2]];

  // Step 4: drop a final suffix when the stem is long enough.
  if ((match = STEP4_PATTERN.exec(w))) {
    if (M_GT_1.test(match[1])) w = match[1];
  } else if ((match = /^(.+?)(s|t)(ion)$/.exec(w)) && M_GT_1.test(match[1] + match[2])) {
    w = match[1] + match[2];
  }

  // Step 5: final -e and -ll.
  if ((match = /^(.+?)e$/.exec(w))) {
    const stem = match[1];
    if (M_GT_1.test(stem) || (M_EQ_1.test(stem) && !ENDS_CVC.test(stem))) w = stem;
  }
  if (/ll$/.test(w) && M_GT_1.test(w)) w = w.slice(0, -1);

  return leadingY ? `y${w.slice(1)}` : w;
}
