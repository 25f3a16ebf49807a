import type { Translation } from '../../platform/i18n/messages.ts';
import type { en } from './en.ts';

export const es: Translation<typeof en> = {
  title: 'Solicitud de eliminación de datos',
  code: 'Código de confirmación: {code}',
  status: 'Estado: {state, select, completed {Completada} other {En curso}}',
  received: 'Recibida el {requested}.',
  receivedCompleted: 'Recibida el {requested}, completada el {completed}.',
  deletedHeading: 'Qué se eliminó',
  heldNothing: 'No teníamos ningún dato de esta cuenta.',
  connections: '{count, plural, one {# cuenta conectada eliminada} other {# cuentas conectadas eliminadas}}',
  tokens: '{count, plural, one {# token de acceso eliminado} other {# tokens de acceso eliminados}}',
  emails: '{count, plural, one {Contenido de # correo eliminado} other {Contenido de # correos eliminado}}',
  kept: '{product} eliminó el acceso que tenía a tu cuenta y los datos de tu perfil (usuario, nombre, foto). Solo conserva un registro anónimo de esta solicitud, sin el identificador de tu cuenta.',
  notFoundTitle: 'No existe esta solicitud de eliminación',
  notFoundHelp: 'Revisa el código de confirmación del enlace.',
};
