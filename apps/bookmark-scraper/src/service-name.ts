/** Kept free of imports: telemetry.ts needs it before any instrumented module loads. */
export const SERVICE_NAME = 'bookmark-scraper';
