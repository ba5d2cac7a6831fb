// Passwords that meet the length, letter and digit rule but are among the first an attacker
// tries. A short list kept by hand: it blocks the obvious, it is not a breach corpus.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword1', 'pass1234', 'pass@123',
  'qwerty123', 'qwerty1234', 'qwertyuiop1', '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', 'zaq12wsx', 'q1w2e3r4', 'q1w2e3r4t5',
  'abc12345', 'abcd1234', 'abc123456', 'a1b2c3d4', 'aa123456', 'asdf1234', 'zxcv1234',
  'iloveyou1', 'iloveyou2', 'admin123', 'admin1234', 'admin@123', 'administrator1', 'welcome1', 'welcome123', 'welcome@123',
  'letmein1', 'letmein123', 'monkey123', 'dragon123', 'football1', 'baseball1', 'sunshine1', 'princess1', 'trustno1',
  'superman1', 'master123', 'shadow123', 'michael1', 'jennifer1', 'changeme1', 'changeme123', 'test1234', 'test@123',
  'user1234', 'login123', 'secret123', 'india123', 'india@123', 'mumbai123', 'delhi123', 'winvestco1', 'winvestco123',
]);
