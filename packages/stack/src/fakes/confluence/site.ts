/** The content a fake Confluence site holds; tests build it, the server answers from it. */

export interface FakeSpace {
  id: string;
  key: string;
  name: string;
  type: 'global' | 'personal';
  description?: string;
}

export interface FakePageVersion {
  number: number;
  /** ISO instant the version was saved */
  when: string;
  body: string;
}

export interface FakeAttachment {
  id: string;
  title: string;
  mediaType: string;
  fileSize: number;
}

export interface FakePage {
  id: string;
  spaceKey: string;
  title: string;
  parentId?: string;
  /** Oldest first; the last one is current. */
  versions: FakePageVersion[];
  labels: string[];
  attachments: FakeAttachment[];
}

export interface FakeUser {
  accountId?: string;
  userKey?: string;
  username?: string;
  displayName: string;
}

export class FakeSite {
  readonly spaces: FakeSpace[] = [];
  readonly pages = new Map<string, FakePage>();
  readonly users: FakeUser[] = [];
  private nextId = 1000;

  addSpace(space: Omit<FakeSpace, 'id' | 'type'> & { type?: FakeSpace['type'] }): FakeSpace {
    const created = { id: String(this.nextId++), type: 'global' as const, ...space };
    this.spaces.push(created);
    return created;
  }

  /** A new page (version 1); `when` defaults to now. */
  addPage(page: { spaceKey: string; title: string; parentId?: string; body?: string; when?: string; labels?: string[]; attachments?: Array<Omit<FakeAttachment, 'id'>>; id?: string }): FakePage {
    const id = page.id ?? String(this.nextId++);
    const created: FakePage = {
      id,
      spaceKey: page.spaceKey,
      title: page.title,
      parentId: page.parentId,
      versions: [{ number: 1, when: page.when ?? new Date().toISOString(), body: page.body ?? `<p>${page.title}</p>` }],
      labels: page.labels ?? [],
      attachments: (page.attachments ?? []).map((attachment) => ({ id: `att${this.nextId++}`, ...attachment })),
    };
    this.pages.set(id, created);
    return created;
  }

  /** Saves a new version of a page (a new version number and last-modified time, `when` defaulting to now), as an edit in the browser would. */
  editPage(id: string, body: string, when: string = new Date().toISOString(), title?: string): FakePage {
    const page = this.page(id);
    page.versions.push({ number: page.versions.length + 1, when, body });
    if (title !== undefined) page.title = title;
    return page;
  }

  /** Deletes a page: from then on it is not listed and fetching it answers 404. */
  removePage(id: string): void {
    this.page(id);
    this.pages.delete(id);
  }

  addUser(user: FakeUser): void {
    this.users.push(user);
  }

  page(id: string): FakePage {
    const page = this.pages.get(id);
    if (!page) throw new Error(`fake site has no page ${id}`);
    return page;
  }

  space(key: string): FakeSpace | undefined {
    return this.spaces.find((space) => space.key === key);
  }

  /** Root first. */
  ancestorsOf(page: FakePage): FakePage[] {
    const chain: FakePage[] = [];
    let parentId = page.parentId;
    while (parentId) {
      const parent = this.page(parentId);
      chain.unshift(parent);
      parentId = parent.parentId;
    }
    return chain;
  }

  /** Current pages of a space, newest change first. */
  pagesOf(spaceKey: string): FakePage[] {
    return [...this.pages.values()].filter((page) => page.spaceKey === spaceKey).sort((a, b) => current(b).when.localeCompare(current(a).when) || a.id.localeCompare(b.id));
  }
}

export function current(page: FakePage): FakePageVersion {
  return page.versions[page.versions.length - 1];
}
