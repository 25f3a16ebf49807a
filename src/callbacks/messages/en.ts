/** The data-deletion status page, in English (the source catalogue). */
export const en = {
  title: 'Data deletion request',
  code: 'Confirmation code: {code}',
  status: 'Status: {state, select, completed {Completed} other {In progress}}',
  received: 'Received {requested}.',
  receivedCompleted: 'Received {requested}, completed {completed}.',
  deletedHeading: 'What was deleted',
  heldNothing: 'We held no data about this account.',
  connections: '{count, plural, one {# connected account erased} other {# connected accounts erased}}',
  tokens: '{count, plural, one {# access token deleted} other {# access tokens deleted}}',
  emails: '{count, plural, one {# email’s content erased} other {# emails’ content erased}}',
  kept: '{product} deleted the access it had to your account and your profile details (username, name, picture). It keeps only an anonymised record of this request, which does not contain your account id.',
  notFoundTitle: 'No such data deletion request',
  notFoundHelp: 'Check the confirmation code in the link.',
} as const;
