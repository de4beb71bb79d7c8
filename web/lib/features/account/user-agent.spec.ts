import { describe, expect, it } from 'vitest';
import { parseUserAgent } from './user-agent.ts';

const agents = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87',
  firefoxWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  chromeIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
  safariIpad:
    'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  chromeAndroidPhone:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36',
  samsungAndroidTablet:
    'Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Safari/537.36',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
  headlessChromeLinux:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/139.0.7258.5 Safari/537.36',
  operaMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/112.0.0.0',
  chromeOs: 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
};

describe('parseUserAgent', () => {
  it('reads Chrome on Windows', () => expect(parseUserAgent(agents.chromeWindows)).toEqual({ browser: 'Chrome', system: 'Windows', device: 'desktop' }));
  it('tells Edge from the Chrome it is built on', () => expect(parseUserAgent(agents.edgeWindows).browser).toBe('Edge'));
  it('tells Opera from Chrome', () => expect(parseUserAgent(agents.operaMac)).toEqual({ browser: 'Opera', system: 'macOS', device: 'desktop' }));
  it('reads Firefox on Windows', () => expect(parseUserAgent(agents.firefoxWindows)).toEqual({ browser: 'Firefox', system: 'Windows', device: 'desktop' }));
  it('reads Safari on a Mac', () => expect(parseUserAgent(agents.safariMac)).toEqual({ browser: 'Safari', system: 'macOS', device: 'desktop' }));
  it('reads Safari on an iPhone as a phone, not a Mac', () =>
    expect(parseUserAgent(agents.safariIphone)).toEqual({ browser: 'Safari', system: 'iPhone', device: 'phone' }));
  it('reads Chrome on an iPhone by its CriOS token', () => expect(parseUserAgent(agents.chromeIphone)).toEqual({ browser: 'Chrome', system: 'iPhone', device: 'phone' }));
  it('reads an iPad as a tablet', () => expect(parseUserAgent(agents.safariIpad)).toEqual({ browser: 'Safari', system: 'iPad', device: 'tablet' }));
  it('reads an Android phone by its Mobile token, not as Linux', () =>
    expect(parseUserAgent(agents.chromeAndroidPhone)).toEqual({ browser: 'Chrome', system: 'Android', device: 'phone' }));
  it('reads an Android tablet and Samsung Internet', () =>
    expect(parseUserAgent(agents.samsungAndroidTablet)).toEqual({ browser: 'Samsung Internet', system: 'Android', device: 'tablet' }));
  it('reads Firefox on Linux', () => expect(parseUserAgent(agents.firefoxLinux)).toEqual({ browser: 'Firefox', system: 'Linux', device: 'desktop' }));
  it('counts headless Chrome as Chrome', () => expect(parseUserAgent(agents.headlessChromeLinux)).toEqual({ browser: 'Chrome', system: 'Linux', device: 'desktop' }));
  it('reads ChromeOS before Linux', () => expect(parseUserAgent(agents.chromeOs).system).toBe('ChromeOS'));
  it('leaves what it cannot recognise empty', () => {
    expect(parseUserAgent('')).toEqual({ browser: null, system: null, device: 'desktop' });
    expect(parseUserAgent('node')).toEqual({ browser: null, system: null, device: 'desktop' });
    expect(parseUserAgent('curl/8.5.0')).toEqual({ browser: null, system: null, device: 'desktop' });
  });
});
