export * from './phone-store';
export * from './react';
