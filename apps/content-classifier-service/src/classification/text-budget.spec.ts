import { CHARS_PER_TOKEN, fitToTokenBudget } from './text-budget';

describe('fitToTokenBudget', () => {
  it('leaves a text that fits alone', () => {
    expect(fitToTokenBudget('short text', 10)).toEqual({ text: 'short text', omittedChars: 0 });
  });

  it('keeps two thirds head and one third tail, cut at word boundaries, and says what was left out', () => {
    const words = Array.from({ length: 2_000 }, (_, i) => `w${i}`).join(' ');
    const { text, omittedChars } = fitToTokenBudget(words, 100);
    const [head, tail] = text.split(/\n\n\[… \d+ characters omitted …\]\n\n/);
    expect(head.startsWith('w0 w1 w2')).toBe(true);
    expect(tail.endsWith('w1998 w1999')).toBe(true);
    expect(head.length + tail.length).toBeLessThanOrEqual(100 * CHARS_PER_TOKEN);
    expect(head.length).toBeGreaterThan(tail.length);
    expect(head.split(' ').every((word) => /^w\d+$/.test(word))).toBe(true);
    expect(tail.split(' ').every((word) => /^w\d+$/.test(word))).toBe(true);
    expect(omittedChars).toBe(words.length - head.length - tail.length);
  });
});
