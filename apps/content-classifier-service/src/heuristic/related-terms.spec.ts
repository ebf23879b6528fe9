import { tokenize } from '@emm/jd';
import { relatedTopicWords } from './related-terms';

const topicsOf = (text: string) => relatedTopicWords(tokenize(text));

describe('relatedTopicWords', () => {
  it('adds a topic word when two different cues point to it', () => {
    expect(topicsOf('Given today: hepatitis A first dose and a tetanus booster.')).toContain('vaccination');
  });

  it('adds nothing for a single cue, which could be a coincidence', () => {
    expect(topicsOf('The landlord of the pub waved at us.')).not.toContain('housing');
  });

  it('matches multi-word cues as phrases, by stem', () => {
    expect(topicsOf('Payment terms: 30 days. Total payable: £200.')).toContain('invoice');
    expect(topicsOf('The terms of payment are fair; the total is payable later.')).not.toContain('invoice');
  });

  it('is not fooled by words that merely share a stem with a cue', () => {
    // "check-up" and "reserved" are not a trip's check-in and reservation.
    expect(topicsOf('After your check-up we have reserved two appointments for you.')).not.toContain('travel');
  });

  it('repeats a topic word with more evidence, up to three times', () => {
    const words = topicsOf('preheat the oven, stir, whisk, knead, simmer, season, garnish, bake, roast');
    expect(words.filter((word) => word === 'recipe')).toHaveLength(3);
  });
});
