// Which browser on which kind of device a session came from, read from the User-Agent header the server
// stored at sign-in, so "Angemeldete Geräte" can say "Chrome auf Windows" instead of the raw string.
// Best effort: what cannot be recognised stays null and the UI says "Unbekanntes Gerät".

/** Product names; they read the same in every language. */
export type BrowserName = 'Edge' | 'Opera' | 'Samsung Internet' | 'Firefox' | 'Chrome' | 'Safari';
export type SystemName = 'iPhone' | 'iPad' | 'Android' | 'Windows' | 'ChromeOS' | 'macOS' | 'Linux';
export type DeviceKind = 'phone' | 'tablet' | 'desktop';

export type UserAgentInfo = { browser: BrowserName | null; system: SystemName | null; device: DeviceKind };

// Order matters: Edge, Opera and Samsung Internet also say "Chrome", Chrome also says "Safari", and the
// iOS browsers all run on WebKit and name themselves with their own token (CriOS, FxiOS, EdgiOS).
const browsers: Array<[RegExp, BrowserName]> = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\b(HeadlessChrome|Chrome|Chromium|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const systems: Array<[RegExp, SystemName]> = [
  [/\biPhone\b|\biPod\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bWindows\b/, 'Windows'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMacintosh\b|\bMac OS X\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

export function parseUserAgent(userAgent: string): UserAgentInfo {
  const browser = browsers.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
  const system = systems.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
  return { browser, system, device: deviceOf(system, userAgent) };
}

function deviceOf(system: SystemName | null, userAgent: string): DeviceKind {
  if (system === 'iPhone') return 'phone';
  if (system === 'iPad') return 'tablet';
  // Android phones send "Mobile"; tablets leave it out.
  if (system === 'Android') return /\bMobile\b/.test(userAgent) ? 'phone' : 'tablet';
  return 'desktop';
}
