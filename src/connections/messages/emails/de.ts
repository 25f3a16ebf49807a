import type { Translation } from '../../../platform/i18n/messages.ts';
import type { en } from './en.ts';

/** Gründe, Hinweise und E-Mails zu Verbindungen, auf Deutsch (per du). */
export const de: Translation<typeof en> = {
  account: {
    named: '{network} {account}',
    yours: 'dein {network}-Konto',
    on: '{account} auf {network}',
    several: '({count, plural, one {# Konto} other {# Konten}})',
    quoted: '„{name}“',
  },
  reasons: {
    reconnect: 'Verbinde {account} erneut, um weiterzumachen.',
    expired: 'Der Zugriff, den uns {network} gegeben hat, ist abgelaufen und konnte nicht rechtzeitig erneuert werden.',
    expiredAfter:
      'Der Zugriff, den uns {network} gegeben hat, ist nach {days} Tagen abgelaufen (Netzwerke begrenzen, wie lange Apps Zugriff behalten) und konnte nicht rechtzeitig erneuert werden.',
    password_changed: 'Dein {network}-Passwort oder dein Benutzername wurde geändert; dabei werden verbundene Apps abgemeldet.',
    app_removed: 'Der Zugriff wurde in deinen {network}-Einstellungen entfernt (verbundene Apps und Websites).',
    appRemovedFix: 'Verbinde {account} erneut, um weiterzumachen. Wenn du ihn absichtlich entfernt hast, kannst du diese Nachricht ignorieren.',
    checkpoint:
      '{network} hat die Verbindung zum Schutz deines Kontos getrennt: Es verlangt eine Sicherheitsprüfung (zum Beispiel nach einer Anmeldung auf einem neuen Gerät oder ungewöhnlicher Aktivität).',
    checkpointFix: 'Melde dich in der App oder im Web bei {network} an, schließ die Prüfung ab und verbinde dich dann erneut.',
    unconfirmed_user: '{network} möchte, dass du dein Konto bestätigst.',
    unconfirmedFix: 'Melde dich bei {network} an, bestätige dein Konto und verbinde dich dann erneut.',
    data_deleted: 'Du hast {network} gebeten, die Daten zu löschen, die dieser Dienst zu deinem Konto hatte; sie wurden gelöscht.',
    dataDeletedFix: 'Wenn du es wieder nutzen möchtest, verbinde {account} erneut.',
    insufficient_scope: 'Eine Berechtigung fehlt: Sie wurde beim Verbinden des Kontos nicht erteilt.',
    scopeFix: 'Verbinde dich erneut und erlaube alle angefragten Berechtigungen.',
    refresh_lost: '{network} hat den Schlüssel der Verbindung ersetzt, während wir ihn erneuert haben, und die Antwort hat uns nie erreicht.',
    expires_soon: '{network} lässt Apps nur für begrenzte Zeit Zugriff, und diese Zeit endet bald.',
    expiresSoonFor: '{network} lässt Apps nur {days} Tage lang Zugriff, und diese Zeit endet bald.',
    expiresSoonFix: 'Verbinde {account} erneut, um den Zugriff zu verlängern.',
    not_professional: 'Das Konto wurde in ein privates Konto umgewandelt, und {network} lässt Apps nur Profikonten (Unternehmen oder Creator) lesen.',
    professionalFix: 'Stell es in den Einstellungen der {network}-App wieder auf ein Profikonto (Unternehmen oder Creator) um und verbinde dich dann erneut.',
    disconnected_on_request: 'Die Verbindung wurde auf Wunsch getrennt.',
    onRequestFix: 'Verbinde {account} erneut, wann immer es wieder gelesen werden soll.',
    other: '{network} akzeptiert die Verbindung nicht mehr.',
  },
  notices: {
    disconnected: '{network} {account} ist getrennt',
    disconnectedUrgent: 'Dringend: {network} {account} ist getrennt',
    campaigns: '{count, plural, one {Deine laufende Kampagne {campaigns} braucht es} other {Deine laufenden Kampagnen {campaigns} brauchen es}}: Verbinde es noch heute erneut.',
    expiring: '{network} {account} wird {days, plural, =1 {morgen} other {in # Tagen}} getrennt',
    reconnected: '{network} {account} ist wieder verbunden',
    reconnectedBody: 'Es funktioniert wieder; du musst nichts weiter tun.',
  },
  email: {
    greeting: 'Hallo {name},',
    greetingNoName: 'Hallo,',
    signature: '— {product}',
    inUtc: 'Alle Zeiten in UTC.',
    disconnected: {
      subject: 'Bitte handeln: Verbinde {network} {short} erneut mit {product}',
      subjectUrgent: 'Dringend: Verbinde {network} {short} erneut — {count, plural, one {deine Kampagne {campaigns} läuft} other {deine Kampagnen {campaigns} laufen}}',
      urgent: 'Dringend.',
      campaigns:
        'Du machst bei {count, plural, one {der laufenden Kampagne} other {den laufenden Kampagnen}} {campaigns} mit: Bis du dich erneut verbindest, können deine Beiträge dafür nicht erfasst werden. Bitte verbinde dich noch heute erneut.',
      lost: '{product} kann {network} {account} nicht mehr erreichen.',
      why: 'Warum: {why}',
      fix: 'Was zu tun ist: {fix}',
      linkIntro: 'Hier erneut verbinden (der Link funktioniert bis {until}):',
      button: '{network} erneut verbinden',
      linkUntil: 'Der Link funktioniert bis {until}.',
      meanwhile: 'Bis du dich erneut verbindest, kann {product} deine Beiträge und ihre Leistung auf {network} nicht lesen.',
    },
    expiring: {
      subject: 'Verbinde {network} {short} erneut mit {product} — der Zugriff endet {days, plural, =1 {morgen} other {in # Tagen}}',
      ends: 'Der Zugriff von {product} auf {network} {account} endet {days, plural, =1 {morgen} other {in # Tagen}} ({date}).',
      why: '{network} lässt Apps nur für begrenzte Zeit Zugriff, und nur du kannst ihn verlängern, indem du dich erneut anmeldest.',
      linkIntro: 'Jetzt verlängern (dauert eine Minute; der Link funktioniert bis {until}):',
      button: 'Zugriff auf {network} verlängern',
      linkUntil: 'Der Link funktioniert bis {until}.',
      otherwise: 'Wenn du nichts tust, liest {product} ab {date} deine Beiträge und ihre Leistung auf {network} nicht mehr.',
    },
    reconnected: {
      subject: '{network} {short} {count, plural, one {ist} other {sind}} wieder mit {product} verbunden',
      done: '{network} {account} {count, plural, one {ist} other {sind}} wieder verbunden. {product} kann deine Beiträge und ihre Leistung wie bisher lesen; du musst nichts weiter tun.',
      notYou: 'Wenn du die Verbindung nicht selbst erneuert hast, trenne sie auf deiner Kanäle-Seite und sag {product} Bescheid.',
    },
  },
};
