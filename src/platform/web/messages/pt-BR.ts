import type { Translation } from '../../i18n/messages.ts';
import type { en } from './en.ts';

export const ptBR: Translation<typeof en> = {
  timesInUtc: 'Os horários estão em UTC.',
  supportEmail: 'Dúvidas? Escreva para {contact}.',
  supportUrl: 'Dúvidas? Acesse {contact}.',
  supportBoth: 'Dúvidas? Escreva para {email} ou acesse {url}.',
  logoAlt: 'Logo de {product}',
};
