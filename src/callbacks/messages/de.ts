import type { Translation } from '../../platform/i18n/messages.ts';
import type { en } from './en.ts';

export const de: Translation<typeof en> = {
  title: 'Antrag auf Datenlöschung',
  code: 'Bestätigungscode: {code}',
  status: 'Status: {state, select, completed {Abgeschlossen} other {In Bearbeitung}}',
  received: 'Eingegangen am {requested}.',
  receivedCompleted: 'Eingegangen am {requested}, abgeschlossen am {completed}.',
  deletedHeading: 'Was gelöscht wurde',
  heldNothing: 'Zu diesem Konto lagen uns keine Daten vor.',
  connections: '{count, plural, one {# verbundenes Konto gelöscht} other {# verbundene Konten gelöscht}}',
  tokens: '{count, plural, one {# Zugriffstoken gelöscht} other {# Zugriffstokens gelöscht}}',
  emails: '{count, plural, one {Inhalt von # E-Mail gelöscht} other {Inhalt von # E-Mails gelöscht}}',
  kept: '{product} hat seinen Zugriff auf dein Konto und deine Profildaten (Nutzername, Name, Bild) gelöscht. Es bleibt nur ein anonymer Vermerk über diesen Antrag, ohne die ID deines Kontos.',
  notFoundTitle: 'Diesen Löschantrag gibt es nicht',
  notFoundHelp: 'Prüfe den Bestätigungscode im Link.',
};
