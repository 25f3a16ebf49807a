/** The operators' dashboard, in English (the source catalogue). Operators read it: the creator is "the creator". */
export const en = {
  dashboard: {
    title: 'Dashboard · {workspace}',
    heading: 'Channels',
    summary: '{workspace} · {count, plural, one {# connection} other {# connections}} · as of {time}',
    reload: 'Reload',
    back: 'Back to {product}',
    backToDemo: 'Back to the demo platform',
    totals: 'Totals',
    tile: '{status, select, active {Active} expiring {Expiring} other {Disconnected}}',
    nextHeading: 'Next 60 days',
    nextSummary:
      '{expirations, plural, =0 {No connection is expected to expire} one {# connection is expected to expire} other {# connections are expected to expire}} (nothing scheduled can extend them) and {reminders, plural, =0 {no reconnect reminder is due} one {# reconnect reminder is due} other {# reconnect reminders are due}}.',
    legendExpirations: 'Expirations',
    legendReminders: 'Reconnect reminders',
    chartLabel: 'Expected expirations and reconnect reminders per day, next 60 days',
    tableSummary: 'The next 60 days as a table (with scheduled refreshes)',
    tableCaption: 'Reminders are due from that day; the daily run sends them.',
    day: 'Day',
    expirations: 'Expirations',
    reminders: 'Reminders',
    refreshes: 'Refreshes',
    byNetwork: 'By network',
    byLogin: 'By login',
    network: 'Network',
    login: 'Login',
    loginOf: '{network} login',
    noConnections: 'No connections yet.',
    whyHeading: 'Why connections are not active',
    everyActive: 'Every connection is active.',
    status: 'Status',
    reason: 'Reason',
    count: 'Count',
    failuresHeading: 'Latest failures',
    noFailures: 'No failures recorded.',
    whenAndWhich: 'When and which account',
    whatHappened: 'What happened',
    creator: 'creator {creator}',
    networkCode: 'Network’s code: {code}',
  },
  check: {
    button: 'Check every channel now',
    hint: 'Each channel is checked once a day; this asks every network now.',
    done: '{checked, plural, =0 {There was no channel to check.} one {Checked # channel with its network.} other {Checked # channels with their networks.}}',
    found: '{disconnected, plural, =0 {Every one is still connected.} one {# was found disconnected.} other {# were found disconnected.}}',
    more: 'More channels are due: the hourly check reads them, or press the button again.',
  },
  /** A failure in words: the type of event, then why. */
  failure: {
    disconnected: 'Disconnected — {why}',
    expiring: 'A renewal failed close to the end, so the connection is expiring — {why}',
    retry: 'A renewal failed and will be tried again — {why}',
  },
  /** Why a connection is expiring or disconnected, for the operator. */
  reason:
    '{reason, select, expired {the access the network gave ran out and could not be renewed in time} password_changed {the creator changed their password, which signs out connected apps} app_removed {the creator removed the app in their settings on the network} checkpoint {the network asked the creator for a security check} unconfirmed_user {the network needs the creator to confirm their account} invalid_token {the network no longer accepts the connection} insufficient_scope {a permission was not allowed when the account was connected} revoked {the access was withdrawn on the network} refresh_lost {the network replaced the key while it was being renewed, and its answer was lost} disconnected_on_request {it was disconnected on request} data_deleted {the creator asked the network to delete their data} not_professional {the account was switched to a personal one, which apps cannot read} expires_soon {the time the network allows apps ends soon} none {no reason was recorded} other {the network no longer accepts the connection}}',
  /** Why a renewal failed, from the failure's class. */
  kind: '{kind, select, transient {the network did not answer in time} rate_limited {the network asked us to slow down} unexpected_response {the network’s answer could not be read} insufficient_scope {a permission is missing} reauth_required {the network no longer accepts the connection} other {no reason was given}}',
  chart: {
    none: 'No days to show.',
    summary:
      'From {from} to {to}: {expirations, plural, one {# expected expiration} other {# expected expirations}} and {reminders, plural, one {# reminder} other {# reminders}}.',
    busiest: 'Busiest day: {day} ({expirations, plural, one {# expiration} other {# expirations}}, {reminders, plural, one {# reminder} other {# reminders}}).',
    tip: '{day}: {expirations, plural, one {# expiration} other {# expirations}}, {reminders, plural, one {# reminder} other {# reminders}}',
    empty: 'Nothing expires and no reminder is due',
  },
  link: {
    invalid: 'This dashboard link is not valid. Ask your platform for a new one.',
    expired: 'This dashboard link has expired (links last 30 minutes). Ask your platform for a new one.',
  },
} as const;
