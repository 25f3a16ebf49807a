import type { Translation } from '../../platform/i18n/messages.ts';
import type { en } from './en.ts';

/** El panel de operaciones, en español. */
export const es: Translation<typeof en> = {
  dashboard: {
    title: 'Panel · {workspace}',
    heading: 'Canales',
    summary: '{workspace} · {count, plural, one {# conexión} other {# conexiones}} · a las {time}',
    reload: 'Actualizar',
    back: 'Volver a {product}',
    backToDemo: 'Volver a la plataforma de demostración',
    totals: 'Totales',
    tile: '{status, select, active {Activas} expiring {Por caducar} other {Desconectadas}}',
    nextHeading: 'Próximos 60 días',
    nextSummary:
      '{expirations, plural, =0 {No se espera que caduque ninguna conexión} one {Se espera que caduque # conexión} other {Se espera que caduquen # conexiones}} (nada programado puede prolongarlas) y {reminders, plural, =0 {no hay recordatorios de reconexión pendientes} one {hay # recordatorio de reconexión pendiente} other {hay # recordatorios de reconexión pendientes}}.',
    legendExpirations: 'Caducidades',
    legendReminders: 'Recordatorios de reconexión',
    chartLabel: 'Caducidades y recordatorios de reconexión previstos por día, próximos 60 días',
    tableSummary: 'Los próximos 60 días en una tabla (con las renovaciones programadas)',
    tableCaption: 'Los recordatorios tocan a partir de ese día; el proceso diario los envía.',
    day: 'Día',
    expirations: 'Caducidades',
    reminders: 'Recordatorios',
    refreshes: 'Renovaciones',
    byNetwork: 'Por red',
    byLogin: 'Por inicio de sesión',
    network: 'Red',
    login: 'Inicio de sesión',
    loginOf: 'Inicio de sesión con {network}',
    noConnections: 'Todavía no hay conexiones.',
    whyHeading: 'Por qué hay conexiones inactivas',
    everyActive: 'Todas las conexiones están activas.',
    status: 'Estado',
    reason: 'Motivo',
    count: 'Cantidad',
    failuresHeading: 'Últimos fallos',
    noFailures: 'No se ha registrado ningún fallo.',
    whenAndWhich: 'Cuándo y qué cuenta',
    whatHappened: 'Qué pasó',
    creator: 'creador {creator}',
    networkCode: 'Código de la red: {code}',
  },
  check: {
    button: 'Comprobar todos los canales ahora',
    hint: 'Cada canal se comprueba una vez al día; esto consulta ahora a todas las redes.',
    done: '{checked, plural, =0 {No había ningún canal que comprobar.} one {Se comprobó # canal con su red.} other {Se comprobaron # canales con sus redes.}}',
    found: '{disconnected, plural, =0 {Todos siguen conectados.} one {# estaba desconectado.} other {# estaban desconectados.}}',
    more: 'Quedan más canales pendientes: la comprobación horaria los revisará, o pulsa el botón otra vez.',
  },
  failure: {
    disconnected: 'Desconectado — {why}',
    expiring: 'Una renovación falló cerca del final, así que la conexión está por caducar — {why}',
    retry: 'Una renovación falló y se volverá a intentar — {why}',
  },
  reason:
    '{reason, select, expired {el acceso que dio la red se agotó y no se pudo renovar a tiempo} password_changed {el creador cambió su contraseña, lo que cierra la sesión de las apps conectadas} app_removed {el creador quitó la app en los ajustes de la red} checkpoint {la red pidió al creador una verificación de seguridad} unconfirmed_user {la red necesita que el creador confirme su cuenta} invalid_token {la red ya no acepta la conexión} insufficient_scope {no se concedió un permiso al conectar la cuenta} revoked {el acceso se retiró en la red} refresh_lost {la red cambió la clave mientras se renovaba y su respuesta se perdió} disconnected_on_request {se desconectó a petición} data_deleted {el creador pidió a la red que borrara sus datos} not_professional {la cuenta pasó a ser personal, y las apps no pueden leerla} expires_soon {el tiempo que la red permite a las apps termina pronto} none {no se registró ningún motivo} other {la red ya no acepta la conexión}}',
  kind: '{kind, select, transient {la red no respondió a tiempo} rate_limited {la red pidió que fuéramos más despacio} unexpected_response {no se pudo leer la respuesta de la red} insufficient_scope {falta un permiso} reauth_required {la red ya no acepta la conexión} other {no se indicó ningún motivo}}',
  chart: {
    none: 'No hay días que mostrar.',
    summary:
      'Del {from} al {to}: {expirations, plural, one {# caducidad prevista} other {# caducidades previstas}} y {reminders, plural, one {# recordatorio} other {# recordatorios}}.',
    busiest: 'Día con más actividad: {day} ({expirations, plural, one {# caducidad} other {# caducidades}}, {reminders, plural, one {# recordatorio} other {# recordatorios}}).',
    tip: '{day}: {expirations, plural, one {# caducidad} other {# caducidades}}, {reminders, plural, one {# recordatorio} other {# recordatorios}}',
    empty: 'Nada caduca y no hay recordatorios pendientes',
  },
  link: {
    invalid: 'Este enlace al panel no es válido. Pide uno nuevo a tu plataforma.',
    expired: 'Este enlace al panel ha caducado (duran 30 minutos). Pide uno nuevo a tu plataforma.',
  },
};
