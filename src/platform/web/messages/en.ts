/** The words around every page (the shell): English, the source catalogue. */
export const en = {
  timesInUtc: 'Times are shown in UTC.',
  supportEmail: 'Questions? Write to {contact}.',
  supportUrl: 'Questions? Visit {contact}.',
  supportBoth: 'Questions? Write to {email} or visit {url}.',
  logoAlt: '{product} logo',
} as const;
