/**
 * Well-known sites and what they are about, by category and ID *name*
 * (matched without case and accents), so the map fits any structure that
 * uses these names — the example jd.yaml does — and quietly does nothing for
 * names a structure lacks. Operators add or override entries with
 * BOOKMARK_DOMAIN_RULES / BOOKMARK_DOMAIN_RULES_PATH, usually by JD number.
 */
export const DEFAULT_DOMAIN_RULES: Readonly<Record<string, string>> = {
  // Programming: code hosting, Q&A, packages, language and tool docs
  'github.com': 'Programming',
  'gitlab.com': 'Programming',
  'bitbucket.org': 'Programming',
  'codeberg.org': 'Programming',
  'stackoverflow.com': 'Programming',
  'serverfault.com': 'Programming',
  'superuser.com': 'Programming',
  'npmjs.com': 'Programming',
  'pypi.org': 'Programming',
  'crates.io': 'Programming',
  'pkg.go.dev': 'Programming',
  'developer.mozilla.org': 'Programming',
  'readthedocs.io': 'Programming',
  'dev.to': 'Programming',
  'gist.github.com': 'Programming > Code snippets',
  'regex101.com': 'Programming > Code snippets',
  'codepen.io': 'Programming > Code snippets',
  'jsfiddle.net': 'Programming > Code snippets',
  'docker.com': 'Programming > Tools and infrastructure',
  'kubernetes.io': 'Programming > Tools and infrastructure',
  'helm.sh': 'Programming > Tools and infrastructure',
  'terraform.io': 'Programming > Tools and infrastructure',
  'git-scm.com': 'Programming > Tools and infrastructure',
  'docs.python.org': 'Programming > Languages and frameworks',
  'python.org': 'Programming > Languages and frameworks',
  'typescriptlang.org': 'Programming > Languages and frameworks',
  'rust-lang.org': 'Programming > Languages and frameworks',
  'go.dev': 'Programming > Languages and frameworks',
  'nodejs.org': 'Programming > Languages and frameworks',
  'react.dev': 'Programming > Languages and frameworks',
  'nestjs.com': 'Programming > Languages and frameworks',
  // Articles
  'medium.com': 'Articles',
  'substack.com': 'Articles',
  'news.ycombinator.com': 'Articles > Technology articles',
  'arstechnica.com': 'Articles > Technology articles',
  'theverge.com': 'Articles > Technology articles',
  'wired.com': 'Articles > Technology articles',
  'techcrunch.com': 'Articles > Technology articles',
  'nature.com': 'Articles > Science articles',
  'science.org': 'Articles > Science articles',
  'scientificamerican.com': 'Articles > Science articles',
  'quantamagazine.org': 'Articles > Science articles',
  'newscientist.com': 'Articles > Science articles',
  'arxiv.org': 'Articles > Science articles',
  // Books
  'goodreads.com': 'Books',
  'gutenberg.org': 'Books',
  'openlibrary.org': 'Books',
  // Courses
  'coursera.org': 'Courses',
  'udemy.com': 'Courses',
  'edx.org': 'Courses',
  'khanacademy.org': 'Courses',
  'udacity.com': 'Courses',
  'pluralsight.com': 'Courses',
  'freecodecamp.org': 'Courses',
  // Manuals and guides
  'manualslib.com': 'Manuals and guides > Appliance manuals',
  'ifixit.com': 'Manuals and guides',
  // Recipes and cooking
  'allrecipes.com': 'Recipes and cooking',
  'bbcgoodfood.com': 'Recipes and cooking',
  'seriouseats.com': 'Recipes and cooking',
  'epicurious.com': 'Recipes and cooking',
  'food52.com': 'Recipes and cooking',
  'bonappetit.com': 'Recipes and cooking',
  'simplyrecipes.com': 'Recipes and cooking',
  'cooking.nytimes.com': 'Recipes and cooking',
  'chefkoch.de': 'Recipes and cooking',
  'cookpad.com': 'Recipes and cooking',
  // Travel
  'booking.com': 'Travel > Bookings',
  'airbnb.com': 'Travel > Bookings',
  'expedia.com': 'Travel > Bookings',
  'skyscanner.net': 'Travel',
  'kayak.com': 'Travel',
  'tripadvisor.com': 'Travel > Trip plans',
  'lonelyplanet.com': 'Travel > Trip plans',
  'wikivoyage.org': 'Travel > Trip plans',
  // Investments
  'investopedia.com': 'Investments > Investment research',
  'morningstar.com': 'Investments > Investment research',
  'seekingalpha.com': 'Investments > Investment research',
  'finance.yahoo.com': 'Investments > Investment research',
  'bogleheads.org': 'Investments',
  'justetf.com': 'Investments',
  // Taxes
  'irs.gov': 'Taxes',
  // Health and medical
  'mayoclinic.org': 'Health and medical',
  'webmd.com': 'Health and medical',
  'nhs.uk': 'Health and medical',
  'medlineplus.gov': 'Health and medical',
  // Photography
  'dpreview.com': 'Photography > Gear',
  'petapixel.com': 'Photography',
  'fstoppers.com': 'Photography',
  'flickr.com': 'Photography',
  '500px.com': 'Photography',
  // Music
  'ultimate-guitar.com': 'Music > Sheet music and chords',
  'musescore.com': 'Music > Sheet music and chords',
  'imslp.org': 'Music > Sheet music and chords',
  'songsterr.com': 'Music > Sheet music and chords',
  'bandcamp.com': 'Music',
  // Gardening
  'rhs.org.uk': 'Gardening',
  'gardenersworld.com': 'Gardening',
  // Sports and fitness
  'strava.com': 'Sports and fitness',
  'runnersworld.com': 'Sports and fitness > Training plans',
  // Housing
  'zillow.com': 'Housing',
  'rightmove.co.uk': 'Housing',
  // Work projects
  'atlassian.net': 'Projects',
  'trello.com': 'Projects',
};
