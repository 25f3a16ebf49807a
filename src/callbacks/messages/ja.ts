import type { Translation } from '../../platform/i18n/messages.ts';
import type { en } from './en.ts';

export const ja: Translation<typeof en> = {
  title: 'データ削除リクエスト',
  code: '確認コード：{code}',
  status: 'ステータス：{state, select, completed {完了} other {処理中}}',
  received: '{requested}に受け付けました。',
  receivedCompleted: '{requested}に受け付け、{completed}に完了しました。',
  deletedHeading: '削除された内容',
  heldNothing: 'このアカウントに関するデータは保持していませんでした。',
  connections: '連携アカウントを{count}件削除しました',
  tokens: 'アクセストークンを{count}件削除しました',
  emails: 'メール{count}件の内容を削除しました',
  kept: '{product}は、あなたのアカウントへのアクセス権とプロフィール情報（ユーザー名・名前・写真）を削除しました。このリクエストの匿名の記録のみを保管しており、アカウントIDは含まれていません。',
  notFoundTitle: 'このデータ削除リクエストは見つかりません',
  notFoundHelp: 'リンクの確認コードをご確認ください。',
};
