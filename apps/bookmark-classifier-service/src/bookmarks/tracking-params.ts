/**
 * Query parameters that only say how someone arrived at a page (campaign,
 * click and share identifiers). They never change the page itself, so they
 * are dropped before URLs are compared: two bookmarks of one article shared
 * from different newsletters are the same bookmark.
 */
const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  // Google Ads / Analytics
  'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', '_ga', '_gl', 'srsltid',
  // Meta, Microsoft, Yandex, TikTok, Twitter/X, LinkedIn
  'fbclid', 'igshid', 'msclkid', 'yclid', 'ttclid', 'twclid', 'li_fat_id',
  // Mailchimp, HubSpot, Marketo, Vero, Olytics
  'mc_cid', 'mc_eid', '_hsenc', '_hsmi', '__hssc', '__hstc', '__hsfp', 'hsctatracking', 'mkt_tok', 'vero_id', 'vero_conv', 'oly_anon_id', 'oly_enc_id',
  // Share and referral markers
  'ref_src', 'ref_url', 'wickedid', 'rb_clickid', 's_cid',
]);

/** Any `utm_source`, `utm_medium`, … (Google's campaign parameters, used everywhere). */
const TRACKING_PREFIXES = ['utm_'] as const;

/**
 * Parameters that are share markers only on some sites and meaningful
 * elsewhere (`si` is a share id on YouTube and Spotify, `s` the share
 * source on X): dropped for those hosts and their subdomains only.
 */
const TRACKING_PARAMS_BY_HOST: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['youtube.com', new Set(['si', 'feature', 'pp'])],
  ['youtu.be', new Set(['si', 'feature'])],
  ['spotify.com', new Set(['si', 'context'])],
  ['x.com', new Set(['s', 't'])],
  ['twitter.com', new Set(['s', 't'])],
  ['instagram.com', new Set(['igsh', 'img_index'])],
  ['linkedin.com', new Set(['trackingid', 'refid', 'trk', 'lipi'])],
  ['amazon.com', new Set(['ref_', 'pf_rd_p', 'pf_rd_r', 'pd_rd_w', 'pd_rd_r', 'pd_rd_wg', 'content-id'])],
]);

/** True when `name` (case-insensitive) only tracks the visit on `hostname`. */
export function isTrackingParam(name: string, hostname: string): boolean {
  const key = name.toLowerCase();
  if (TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((prefix) => key.startsWith(prefix))) return true;
  for (let host = hostname; host.includes('.'); host = host.slice(host.indexOf('.') + 1)) {
    if (TRACKING_PARAMS_BY_HOST.get(host)?.has(key)) return true;
  }
  return false;
}
