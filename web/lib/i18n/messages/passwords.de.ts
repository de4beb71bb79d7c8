// German messages for passwords wherever one is chosen (Mein Konto, Verwaltung › Benutzer, the set-password
// page): the live rule checklist and what the policy refuses. Spread into de.ts.
export const passwordsDe = {
  'passwordPolicy.rulesLabel': 'Anforderungen an das Passwort',
  'passwordPolicy.ruleLength': 'Mindestens {min} Zeichen',
  'passwordPolicy.ruleCommon': 'Kein häufig verwendetes Passwort',
  'passwordPolicy.ruleRepeat': 'Nicht nur ein Zeichen wiederholt',
  'passwordPolicy.ruleEmail': 'Enthält nicht die E-Mail-Adresse',
  'passwordPolicy.ruleTooLong': 'Höchstens {max} Zeichen',
  'passwordPolicy.met': 'erfüllt',
  'passwordPolicy.unmet': 'noch nicht erfüllt',
  'passwordPolicy.errorTooShort': 'Zu kurz: Bitte mindestens {min} Zeichen verwenden – ein Satz aus mehreren Wörtern ist leicht zu merken.',
  'passwordPolicy.errorTooLong': 'Zu lang: höchstens {max} Zeichen.',
  'passwordPolicy.errorContainsEmail': 'Das Passwort darf die E-Mail-Adresse oder ihren Namensteil nicht enthalten. Bitte wählen Sie ein anderes.',
  'passwordPolicy.errorCommon': 'Dieses Passwort steht auf der Liste häufig verwendeter Passwörter und wird zuerst ausprobiert. Bitte wählen Sie ein anderes.',
  'passwordPolicy.errorOneCharacter': 'Bitte nicht nur ein einziges Zeichen wiederholen.',
  'passwordPolicy.errorWeak': 'Dieses Passwort ist zu schwach. Bitte wählen Sie ein längeres, weniger naheliegendes.',
} as const;
