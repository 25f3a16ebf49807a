/** The notifications section, in English (the source catalogue). */
export const en = {
  heading: 'Notifications',
  unread: '{count, plural, one {# new} other {# new}}',
  newLabel: 'New: ',
} as const;
