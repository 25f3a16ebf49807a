import type { Translation } from '../../../platform/i18n/messages.ts';
import type { en } from './en.ts';

/** Motifs, notifications et e-mails des connexions, en français (vouvoiement). */
export const fr: Translation<typeof en> = {
  account: {
    named: '{network} {account}',
    yours: 'votre compte {network}',
    on: '{account} sur {network}',
    several: '({count, plural, one {# compte} other {# comptes}})',
    quoted: '« {name} »',
  },
  reasons: {
    reconnect: 'Reconnectez {account} pour reprendre.',
    expired: 'L’accès que {network} nous avait donné a expiré et n’a pas pu être renouvelé à temps.',
    expiredAfter:
      'L’accès que {network} nous avait donné a expiré au bout de {days} jours (les réseaux limitent la durée d’accès des applications) et n’a pas pu être renouvelé à temps.',
    password_changed: 'Votre mot de passe ou votre nom d’utilisateur {network} a été modifié, ce qui déconnecte les applications connectées.',
    app_removed: 'L’accès a été retiré dans vos paramètres {network} (applications et sites web connectés).',
    appRemovedFix: 'Reconnectez {account} pour reprendre. Si vous l’avez retiré volontairement, vous pouvez ignorer ce message.',
    checkpoint:
      '{network} l’a déconnecté pour la sécurité de votre compte : une vérification de sécurité est demandée (par exemple après une connexion depuis un nouvel appareil ou une activité inhabituelle).',
    checkpointFix: 'Connectez-vous à {network} dans l’application ou sur le web, terminez la vérification, puis reconnectez-vous.',
    unconfirmed_user: '{network} vous demande de confirmer votre compte.',
    unconfirmedFix: 'Connectez-vous à {network}, confirmez votre compte, puis reconnectez-vous.',
    data_deleted: 'Vous avez demandé à {network} de supprimer les données que ce service détenait sur votre compte : elles ont été effacées.',
    dataDeletedFix: 'Si vous souhaitez l’utiliser de nouveau, reconnectez {account}.',
    insufficient_scope: 'Il manque une autorisation : elle n’a pas été accordée lors de la connexion du compte.',
    scopeFix: 'Reconnectez-vous et acceptez toutes les autorisations demandées.',
    refresh_lost: '{network} a remplacé la clé de la connexion pendant que nous la renouvelions, et sa réponse ne nous est jamais parvenue.',
    expires_soon: '{network} ne laisse l’accès aux applications que pour une durée limitée, et elle se termine bientôt.',
    expiresSoonFor: '{network} ne laisse l’accès aux applications que {days} jours, et ce délai se termine bientôt.',
    expiresSoonFix: 'Reconnectez {account} pour le renouveler.',
    not_professional: 'Le compte est passé en compte personnel, et {network} ne permet aux applications de lire que les comptes professionnels (Entreprise ou Créateur).',
    professionalFix: 'Repassez-le en compte professionnel (Entreprise ou Créateur) dans les paramètres de l’application {network}, puis reconnectez-vous.',
    disconnected_on_request: 'La connexion a été coupée à la demande.',
    onRequestFix: 'Reconnectez {account} quand vous voulez qu’il soit de nouveau lu.',
    other: '{network} n’accepte plus la connexion.',
  },
  notices: {
    disconnected: '{network} {account} est déconnecté',
    disconnectedUrgent: 'Urgent : {network} {account} est déconnecté',
    campaigns: '{count, plural, one {Votre campagne en cours {campaigns} en a besoin} other {Vos campagnes en cours {campaigns} en ont besoin}} : reconnectez-le aujourd’hui.',
    expiring: '{network} {account} se déconnecte {days, plural, =1 {demain} other {dans # jours}}',
    reconnected: '{network} {account} est reconnecté',
    reconnectedBody: 'Tout fonctionne de nouveau ; vous n’avez rien d’autre à faire.',
  },
  email: {
    greeting: 'Bonjour {name},',
    greetingNoName: 'Bonjour,',
    signature: '— {product}',
    inUtc: 'Les heures sont indiquées en UTC.',
    disconnected: {
      subject: 'Action requise : reconnectez {network} {short} à {product}',
      subjectUrgent: 'Urgent : reconnectez {network} {short} — {count, plural, one {votre campagne {campaigns} est en cours} other {vos campagnes {campaigns} sont en cours}}',
      urgent: 'Urgent.',
      campaigns:
        'Vous participez à {count, plural, one {la campagne en cours} other {aux campagnes en cours}} {campaigns} : tant que vous ne vous reconnectez pas, vos publications ne peuvent pas être suivies. Merci de vous reconnecter aujourd’hui.',
      lost: '{product} n’a plus accès à {network} {account}.',
      why: 'Pourquoi : {why}',
      fix: 'Que faire : {fix}',
      linkIntro: 'Reconnectez-vous ici (le lien fonctionne jusqu’au {until}) :',
      button: 'Reconnecter {network}',
      linkUntil: 'Le lien fonctionne jusqu’au {until}.',
      meanwhile: 'Tant que vous ne vous reconnectez pas, {product} ne peut lire ni vos publications ni leurs performances sur {network}.',
    },
    expiring: {
      subject: 'Reconnectez {network} {short} à {product} — l’accès se termine {days, plural, =1 {demain} other {dans # jours}}',
      ends: 'L’accès de {product} à {network} {account} se termine {days, plural, =1 {demain} other {dans # jours}} ({date}).',
      why: '{network} ne laisse l’accès aux applications que pour une durée limitée, et vous seul pouvez le renouveler en vous reconnectant.',
      linkIntro: 'Renouvelez-le maintenant (une minute suffit ; le lien fonctionne jusqu’au {until}) :',
      button: 'Renouveler l’accès à {network}',
      linkUntil: 'Le lien fonctionne jusqu’au {until}.',
      otherwise: 'Sans action de votre part, {product} cessera de lire vos publications et leurs performances sur {network} le {date}.',
    },
    reconnected: {
      subject: '{network} {short} {count, plural, one {est reconnecté} other {sont reconnectés}} à {product}',
      done: '{network} {account} {count, plural, one {est de nouveau connecté} other {sont de nouveau connectés}}. {product} peut lire vos publications et leurs performances comme avant ; vous n’avez rien d’autre à faire.',
      notYou: 'Si ce n’est pas vous qui l’avez reconnecté, déconnectez-le depuis votre page Canaux et prévenez {product}.',
    },
  },
};
