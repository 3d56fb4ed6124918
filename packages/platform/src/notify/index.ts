export { startDevMailbox, type DevMailbox, type DevMailboxOptions, type MailboxMessage } from './dev-mailbox.ts'
export { startDevSmsSink, type DevSmsSink, type DevSmsSinkOptions, type SinkSms } from './dev-sms-sink.ts'
export {
  type BackoffPolicy,
  createDispatcher,
  DEAD_LETTER_AT,
  DEAD_PREFIX,
  type Dispatcher,
  type DispatcherOptions,
  type DispatchRound,
  type EmailJobPayload,
  type IoSender,
  type OutboxJob,
  type OutboxQueue,
  retryDelayMs,
  type SmsJobPayload,
} from './dispatcher.ts'
export {
  createEmailSender,
  type EmailMessage,
  type EmailSender,
  type EmailSenderOptions,
  messageIdFor,
} from './email.ts'
export { isNotifyError, NotifyError, type NotifyErrorCode } from './errors.ts'
export { createIoSender, type IoSenderOptions } from './io.ts'
export {
  type CertificateCodeType,
  type CertificateNotice,
  emailText,
  type NoticeLanguage,
  SMS_SENDER,
  smsText,
} from './message-text.ts'
export { createSmsSender, type SmsMessage, type SmsSender, type SmsSenderOptions } from './sms.ts'
