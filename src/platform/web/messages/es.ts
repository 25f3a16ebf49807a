import type { Translation } from '../../i18n/messages.ts';
import type { en } from './en.ts';

export const es: Translation<typeof en> = {
  timesInUtc: 'Las horas se muestran en UTC.',
  supportEmail: '¿Tienes dudas? Escríbenos a {contact}.',
  supportUrl: '¿Tienes dudas? Visita {contact}.',
  supportBoth: '¿Tienes dudas? Escríbenos a {email} o visita {url}.',
  logoAlt: 'Logotipo de {product}',
};
