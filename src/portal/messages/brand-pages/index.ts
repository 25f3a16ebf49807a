/** The brands' pages' book: Campaign Performance, the campaigns list and the creator profile. */
import { defineMessages } from '../../../platform/i18n/messages.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { ja } from './ja.ts';
import { ptBR } from './pt-BR.ts';

export const brandPageMessages = defineMessages('brand-pages', { en, es, 'pt-BR': ptBR, fr, de, ja });
