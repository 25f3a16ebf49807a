import type { Translation } from '../../platform/i18n/messages.ts';
import type { en } from './en.ts';

export const ptBR: Translation<typeof en> = {
  title: 'Pedido de exclusão de dados',
  code: 'Código de confirmação: {code}',
  status: 'Status: {state, select, completed {Concluído} other {Em andamento}}',
  received: 'Recebido em {requested}.',
  receivedCompleted: 'Recebido em {requested}, concluído em {completed}.',
  deletedHeading: 'O que foi excluído',
  heldNothing: 'Não tínhamos nenhum dado desta conta.',
  connections: '{count, plural, one {# conta conectada apagada} other {# contas conectadas apagadas}}',
  tokens: '{count, plural, one {# token de acesso excluído} other {# tokens de acesso excluídos}}',
  emails: '{count, plural, one {Conteúdo de # e-mail apagado} other {Conteúdo de # e-mails apagado}}',
  kept: '{product} excluiu o acesso que tinha à sua conta e os dados do seu perfil (usuário, nome, foto). Guarda só um registro anônimo deste pedido, sem o ID da sua conta.',
  notFoundTitle: 'Pedido de exclusão não encontrado',
  notFoundHelp: 'Confira o código de confirmação no link.',
};
