export { startInboundServer, type InboundServer, type StartInboundOptions } from './server';
export { startConfiguredListener } from './start';
export { storeReceivedMessage, type ReceivedMessage } from './receive';
export { findForwardedOriginal, type ForwardedOriginal } from './forwarded';
export { classifyRecipient, newToken, normalizeToken, testAddressFor, TOKEN_PATTERN } from './token';
export { inboundConfigFromEnv, inboundDisabled, mailDomainFromEnv, type InboundConfig } from './config';
export type { InboundEnvelope, InboundPayload, ForwardInfo } from './types';
