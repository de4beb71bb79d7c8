// Passwords attackers try first (common worldwide and in Germany), lower-cased. A password is refused
// when it equals one of these, with or without trailing digits and punctuation ("sommer2024!").
export const commonPasswords: ReadonlySet<string> = new Set([
  '000000', '0815', '111111', '123123', '123456', '12345678', '123456789', '1234567890',
  '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', '4711', 'aaaaaa', 'abc123', 'abcd1234', 'abcdefgh',
  'abcdefghij', 'access', 'admin', 'administrator', 'andreas', 'anna', 'april', 'asdf1234',
  'asdfghjkl', 'august', 'baseball', 'batman', 'bayern', 'benutzer', 'berlin', 'blume',
  'borussia', 'changeit', 'changeme', 'christian', 'computer', 'daniel', 'default', 'deutschland',
  'dezember', 'dragon', 'engel', 'februar', 'firma', 'firmenname', 'football', 'freedom',
  'freitag', 'frühling', 'fussball', 'fußball', 'geheim', 'germany', 'gmbh', 'google',
  'hallo', 'hallo123', 'hallohallo', 'hamburg', 'hase', 'hasi', 'herbst', 'hund',
  'ichliebedich', 'iloveyou', 'internet', 'januar', 'juli', 'julia', 'juni', 'katze',
  'kennwort', 'kennwort1', 'laura', 'lena', 'letmein', 'lieblings', 'lisa', 'login',
  'logmein', 'mai', 'markus', 'master', 'mausi', 'michael', 'monkey', 'montag',
  'muenchen', 'muster', 'muster-demo', 'muster-gmbh', 'musterfrau', 'mustermann', 'märz', 'münchen',
  'neustart', 'november', 'oktober', 'passw0rd', 'passw0rt', 'password', 'password1', 'passwort',
  'passwort1', 'pferd', 'princess', 'qazwsx', 'qwerty', 'qwertyuiop', 'qwertz', 'qwertzuiop',
  'root', 'sabine', 'samsung', 'sarah', 'schalke', 'schatz', 'schatzi', 'secret',
  'september', 'shadow', 'sicher', 'sicherheit', 'sommer', 'sonne', 'start123', 'startstart',
  'starwars', 'stefan', 'sunshine', 'superman', 'test', 'test1234', 'testtest', 'thomas',
  'trustno1', 'welcome', 'whatever', 'willkommen', 'winter', 'workmate', 'workmateos', 'yxcvbnm',
  'zaq12wsx', 'zugang', 'zxcvbnm', 'zxcvbnm123',
]);
