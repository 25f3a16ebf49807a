import { describe, expect, it } from 'vitest';
import { isConnectionFailure } from './connection-failure.ts';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('a lost database connection is told apart from a refused query', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET', 'read ECONNRESET')],
    ['an unreachable host', withCode('EHOSTUNREACH')],
    ['an administrator shutdown (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['a crash shutdown (57P02)', withCode('57P02')],
    ['a server starting or stopping (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (class 08)', withCode('08006', 'connection failure')],
    ['a connection the driver saw end', new Error('Connection terminated unexpectedly')],
    ['a pool wait past its timeout', new Error('timeout exceeded when trying to connect')],
    ['a connect timeout, wrapped by the pool', new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') })],
    ['a refusal of every address of a name', Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], ''), { code: 'ECONNREFUSED' })],
    ['a refusal inside an error’s cause', new Error('query failed', { cause: withCode('ECONNREFUSED') })],
    ['an error pg-boss re-emits as a plain object', { ...withCode('ECONNREFUSED'), message: 'connect ECONNREFUSED (Queue: q, Worker: w)' }],
  ])('%s is a connection failure', (_name, error) => {
    expect(isConnectionFailure(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', withCode('42601')],
    ['a serialization failure', withCode('40001')],
    ['a statement timeout', withCode('57014', 'canceling statement due to statement timeout')],
    ['an error with no code', new Error('something else')],
    ['a string', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('%s is not', (_name, error) => {
    expect(isConnectionFailure(error)).toBe(false);
  });
});
