import { readFileSync } from 'node:fs';
import type { FakeAttachment, FakeSite, FakeSpace, FakeUser } from './site';

/**
 * A Confluence space as a JSON file (examples/demo/confluence/space.json):
 * the space, its users, and its pages parents first, each with every
 * version oldest first. Ancestors, lastModified and version are derived
 * fields for readers; loading ignores them.
 */
export interface SpaceFile {
  space: Omit<FakeSpace, 'id'>;
  users?: FakeUser[];
  pages: Array<{
    id: string;
    title: string;
    spaceKey: string;
    parentId?: string;
    labels?: string[];
    attachments?: Array<Omit<FakeAttachment, 'id'>>;
    versions: Array<{ number: number; when: string; body: string }>;
  }>;
}

/** Loads a space file into a fake site: version 1 of each page, then its later versions as edits. */
export function loadSpaceFile(site: FakeSite, path: string): FakeSpace {
  const file = JSON.parse(readFileSync(path, 'utf8')) as SpaceFile;
  const space = site.addSpace(file.space);
  for (const user of file.users ?? []) site.addUser(user);
  for (const page of file.pages) {
    const [first, ...later] = page.versions;
    if (first === undefined) throw new Error(`${path}: page ${page.id} has no versions`);
    site.addPage({ id: page.id, spaceKey: page.spaceKey, title: page.title, parentId: page.parentId, body: first.body, when: first.when, labels: page.labels, attachments: page.attachments });
    for (const version of later) site.editPage(page.id, version.body, version.when);
  }
  return space;
}
