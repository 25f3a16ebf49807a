import type { Translation } from '../../platform/i18n/messages.ts';
import type { en } from './en.ts';

/** Das Betriebs-Dashboard, auf Deutsch. */
export const de: Translation<typeof en> = {
  dashboard: {
    title: 'Dashboard · {workspace}',
    heading: 'Kanäle',
    summary: '{workspace} · {count, plural, one {# Verbindung} other {# Verbindungen}} · Stand {time}',
    reload: 'Neu laden',
    back: 'Zurück zu {product}',
    backToDemo: 'Zurück zur Demo-Plattform',
    totals: 'Gesamt',
    tile: '{status, select, active {Aktiv} expiring {Läuft bald ab} other {Getrennt}}',
    nextHeading: 'Die nächsten 60 Tage',
    nextSummary:
      '{expirations, plural, =0 {Keine Verbindung läuft voraussichtlich ab} one {# Verbindung läuft voraussichtlich ab} other {# Verbindungen laufen voraussichtlich ab}} (nichts Geplantes kann sie verlängern), und {reminders, plural, =0 {keine Erinnerung zum erneuten Verbinden ist fällig} one {# Erinnerung zum erneuten Verbinden ist fällig} other {# Erinnerungen zum erneuten Verbinden sind fällig}}.',
    legendExpirations: 'Abläufe',
    legendReminders: 'Erinnerungen zum erneuten Verbinden',
    chartLabel: 'Erwartete Abläufe und Erinnerungen zum erneuten Verbinden pro Tag, die nächsten 60 Tage',
    tableSummary: 'Die nächsten 60 Tage als Tabelle (mit geplanten Erneuerungen)',
    tableCaption: 'Erinnerungen sind ab diesem Tag fällig; der tägliche Lauf verschickt sie.',
    day: 'Tag',
    expirations: 'Abläufe',
    reminders: 'Erinnerungen',
    refreshes: 'Erneuerungen',
    byNetwork: 'Nach Netzwerk',
    byLogin: 'Nach Login',
    network: 'Netzwerk',
    login: 'Login',
    loginOf: '{network}-Login',
    noConnections: 'Noch keine Verbindungen.',
    whyHeading: 'Warum Verbindungen nicht aktiv sind',
    everyActive: 'Alle Verbindungen sind aktiv.',
    status: 'Status',
    reason: 'Grund',
    count: 'Anzahl',
    failuresHeading: 'Letzte Fehler',
    noFailures: 'Keine Fehler aufgezeichnet.',
    whenAndWhich: 'Wann und welches Konto',
    whatHappened: 'Was passiert ist',
    creator: 'Creator {creator}',
    networkCode: 'Code des Netzwerks: {code}',
  },
  check: {
    button: 'Alle Kanäle jetzt prüfen',
    hint: 'Jeder Kanal wird einmal am Tag geprüft; hiermit fragst du jetzt alle Netzwerke.',
    done: '{checked, plural, =0 {Es gab keinen Kanal zu prüfen.} one {# Kanal beim Netzwerk geprüft.} other {# Kanäle bei ihren Netzwerken geprüft.}}',
    found: '{disconnected, plural, =0 {Alle sind weiterhin verbunden.} one {# war getrennt.} other {# waren getrennt.}}',
    more: 'Weitere Kanäle stehen an: Die stündliche Prüfung liest sie, oder drück die Schaltfläche noch einmal.',
  },
  failure: {
    disconnected: 'Getrennt — {why}',
    expiring: 'Eine Erneuerung ist kurz vor dem Ende fehlgeschlagen, daher läuft die Verbindung ab — {why}',
    retry: 'Eine Erneuerung ist fehlgeschlagen und wird wiederholt — {why}',
  },
  reason:
    '{reason, select, expired {der Zugriff des Netzwerks ist abgelaufen und konnte nicht rechtzeitig erneuert werden} password_changed {der Creator hat sein Passwort geändert, wodurch verbundene Apps abgemeldet werden} app_removed {der Creator hat die App in den Einstellungen des Netzwerks entfernt} checkpoint {das Netzwerk hat den Creator um eine Sicherheitsprüfung gebeten} unconfirmed_user {das Netzwerk braucht eine Bestätigung des Kontos durch den Creator} invalid_token {das Netzwerk akzeptiert die Verbindung nicht mehr} insufficient_scope {beim Verbinden wurde eine Berechtigung nicht erteilt} revoked {der Zugriff wurde beim Netzwerk entzogen} refresh_lost {das Netzwerk hat den Schlüssel während der Erneuerung ersetzt, und die Antwort ging verloren} disconnected_on_request {auf Wunsch getrennt} data_deleted {der Creator hat das Netzwerk gebeten, seine Daten zu löschen} not_professional {das Konto wurde in ein privates umgewandelt, das Apps nicht lesen können} expires_soon {die Zeit, die das Netzwerk Apps gewährt, endet bald} none {kein Grund aufgezeichnet} other {das Netzwerk akzeptiert die Verbindung nicht mehr}}',
  kind: '{kind, select, transient {das Netzwerk hat nicht rechtzeitig geantwortet} rate_limited {das Netzwerk hat um eine Pause gebeten} unexpected_response {die Antwort des Netzwerks war nicht lesbar} insufficient_scope {eine Berechtigung fehlt} reauth_required {das Netzwerk akzeptiert die Verbindung nicht mehr} other {kein Grund angegeben}}',
  chart: {
    none: 'Keine Tage anzuzeigen.',
    summary:
      'Vom {from} bis {to}: {expirations, plural, one {# erwarteter Ablauf} other {# erwartete Abläufe}} und {reminders, plural, one {# Erinnerung} other {# Erinnerungen}}.',
    busiest: 'Meiste Abläufe am {day} ({expirations, plural, one {# Ablauf} other {# Abläufe}}, {reminders, plural, one {# Erinnerung} other {# Erinnerungen}}).',
    tip: '{day}: {expirations, plural, one {# Ablauf} other {# Abläufe}}, {reminders, plural, one {# Erinnerung} other {# Erinnerungen}}',
    empty: 'Nichts läuft ab, und keine Erinnerung ist fällig',
  },
  link: {
    invalid: 'Dieser Dashboard-Link ist ungültig. Bitte deine Plattform um einen neuen.',
    expired: 'Dieser Dashboard-Link ist abgelaufen (Links gelten 30 Minuten). Bitte deine Plattform um einen neuen.',
  },
};
