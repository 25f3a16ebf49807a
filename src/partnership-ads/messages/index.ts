/** Partnership Ads' book: the creator's review page, both sides' statuses, the emails and the notices. */
import { defineMessages } from '../../platform/i18n/messages.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { ja } from './ja.ts';
import { ptBR } from './pt-BR.ts';

export const partnershipMessages = defineMessages('partnership-ads', { en, es, 'pt-BR': ptBR, fr, de, ja });
