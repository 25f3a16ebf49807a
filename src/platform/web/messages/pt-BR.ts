import type { Translation } from '../../i18n/messages.ts';
import type { en } from './en.ts';

export const ptBR: Translation<typeof en> = {
  timesInUtc: 'Os horários estão em UTC.',
  supportEmail: 'Dúvidas? Escreva para {contact}.',
  supportUrl: 'Dúvidas? Acesse {contact}.',
  logoAlt: 'Logo de {product}',
};
