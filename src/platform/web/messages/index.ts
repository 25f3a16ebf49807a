/** The shell's book: the words around every page. */
import { defineMessages } from '../../i18n/messages.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { ja } from './ja.ts';
import { ptBR } from './pt-BR.ts';

export const shellMessages = defineMessages('shell', { en, es, 'pt-BR': ptBR, fr, de, ja });
