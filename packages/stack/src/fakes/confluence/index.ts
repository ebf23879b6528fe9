export { FakeConfluence, startFakeConfluence, type FakeConfluenceOptions, type FakeFlavor, type RecordedRequest, type StartFakeConfluenceOptions } from './server';
export { loadSpaceFile, type SpaceFile } from './space-file';
export { current, FakeSite, type FakeAttachment, type FakePage, type FakePageVersion, type FakeSpace, type FakeUser } from './site';
