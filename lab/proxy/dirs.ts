/** Where the lab lives: lab/ and the project root (paths in the configuration are relative to it). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PROJECT_DIR = path.dirname(LAB_DIR);
