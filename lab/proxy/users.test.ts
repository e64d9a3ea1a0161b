import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { labUsers } from './users';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function usersFile(text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'um-users-'));
  dirs.push(dir);
  const file = path.join(dir, 'users.conf');
  writeFileSync(file, text);
  return file;
}

describe('labUsers', () => {
  it('reads user, password, display name and PIN', () => {
    const [alice] = labUsers(usersFile('alice alice-pass "Alice Adams" 1234\n'), 'umphone.test');
    expect(alice).toEqual({
      name: 'alice',
      password: 'alice-pass',
      displayName: 'Alice Adams',
      pin: '1234',
      aor: 'sip:alice@umphone.test',
    });
  });

  it('takes user names in lower case only (one spelling: the proxy refuses any other), and each once', () => {
    expect(() => labUsers(usersFile('bob pass-1 - 1234\nBob pass-2 - 5678\n'))).toThrow(
      /invalid user name "Bob"/,
    );
    expect(() => labUsers(usersFile('bob pass-1 - 1234\nbob pass-2 - 5678\n'))).toThrow(
      /duplicate user bob$/,
    );
  });
});
