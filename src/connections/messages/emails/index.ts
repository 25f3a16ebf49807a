/** The book of what a creator reads about a connection: reasons, in-app notices and emails. */
import { defineMessages } from '../../../platform/i18n/messages.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { ja } from './ja.ts';
import { ptBR } from './pt-BR.ts';

export const connectionMessages = defineMessages('connections', { en, es, 'pt-BR': ptBR, fr, de, ja });
