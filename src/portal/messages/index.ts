/** The creators' Channels page's book: its cards, figures, Partnership Ads list, confirm pages, banners and the portal's failure pages. */
import { defineMessages, type Words } from '../../platform/i18n/messages.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { ja } from './ja.ts';
import { ptBR } from './pt-BR.ts';

export const portalMessages = defineMessages('portal', { en, es, 'pt-BR': ptBR, fr, de, ja });

/** The portal book bound to one reader's language. */
export type PortalWords = Words<typeof en>;
