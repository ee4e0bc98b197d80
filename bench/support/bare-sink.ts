/**
 * Baseline for the SMTP benchmark: a bare smtp-server that accepts and discards everything,
 * with the same library and options as mxray's listener. What mxray's listener adds on top of
 * this (verification, storage) is what the benchmark measures.
 */
import { startSink } from './sink';

startSink((stream, _session, callback) => {
  stream.on('data', () => {});
  stream.on('end', () => callback());
});
