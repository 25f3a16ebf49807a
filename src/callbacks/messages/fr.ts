import type { Translation } from '../../platform/i18n/messages.ts';
import type { en } from './en.ts';

export const fr: Translation<typeof en> = {
  title: 'Demande de suppression des données',
  code: 'Code de confirmation : {code}',
  status: 'État : {state, select, completed {Terminée} other {En cours}}',
  received: 'Reçue le {requested}.',
  receivedCompleted: 'Reçue le {requested}, terminée le {completed}.',
  deletedHeading: 'Ce qui a été supprimé',
  heldNothing: 'Nous ne détenions aucune donnée sur ce compte.',
  connections: '{count, plural, one {# compte connecté effacé} other {# comptes connectés effacés}}',
  tokens: '{count, plural, one {# jeton d’accès supprimé} other {# jetons d’accès supprimés}}',
  emails: '{count, plural, one {Contenu de # e-mail effacé} other {Contenu de # e-mails effacé}}',
  kept: '{product} a supprimé son accès à votre compte et les informations de votre profil (nom d’utilisateur, nom, photo). Il ne garde qu’une trace anonyme de cette demande, sans l’identifiant de votre compte.',
  notFoundTitle: 'Demande de suppression introuvable',
  notFoundHelp: 'Vérifiez le code de confirmation dans le lien.',
};
